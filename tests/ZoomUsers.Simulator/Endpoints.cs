using System.Text.Json;
using MediaTypeHeaderValue = Microsoft.Net.Http.Headers.MediaTypeHeaderValue;

namespace ZoomUsers.Simulator;

/// <summary>
/// What each /v2 endpoint does once a request got past auth, faults, limits and scopes. Each returns the
/// answer rather than writing it, so an after-apply fault can still replace it.
/// </summary>
internal static class Endpoints
{
    public static ValueTask<Reply> RunAsync(ZoomSimulator sim, Exchange x, ApiRoute route) => route.Endpoint switch
    {
        ApiEndpoint.UploadPicture => UploadPictureAsync(sim, x, route.UserId!),
        ApiEndpoint.DeletePicture => new(DeletePicture(sim, route.UserId!)),
        ApiEndpoint.ChangePassword => ChangePasswordAsync(sim, x, route.UserId!),
        ApiEndpoint.AccountSettings => new(AccountSettings(sim, route.AccountId!)),
        ApiEndpoint.GetUser => new(GetUser(sim, route.UserId!)),
        ApiEndpoint.ListUsers => new(UserList.Page(sim, x.Http.Request.Query)),
        _ => new(Replies.NotFound),
    };

    private static Reply GetUser(ZoomSimulator sim, string userId)
    {
        if (ResolveUser(sim, userId) is not { } user)
            return Replies.UserDoesNotExist(userId);
        return Replies.Json(200, ZoomJson.Write(w => UserJson.Write(w, sim, user, inList: false)));
    }

    private static async ValueTask<Reply> UploadPictureAsync(ZoomSimulator sim, Exchange x, string userId)
    {
        if (ResolveUser(sim, userId) is not { } user)
            return Replies.UserDoesNotExist(userId);

        var parts = await x.ReadPartsAsync();
        var file = parts?.Find(static p => p.Name == PictureRules.FilePartName);
        if (PictureRules.Check(file, out var sniffedType) is { } invalid)
            return Replies.Error(400, invalid);
        if (sim.Options.DecodePictures && PictureRules.CheckDecodes(file!.Data) is { } undecodable)
            return Replies.Error(400, undecodable);
        if (user.PictureError is { } forced)
            return Replies.Error(400, forced);

        lock (user.Gate)
            user.ApplyPicture(file!.Data, file.ContentType ?? sniffedType);

        if (!sim.Options.SendContentLocation)
            return Replies.Created;
        return new Reply(201, [], null,
            [new("Content-Location", $"https://sim.zoom.test/p/{Uri.EscapeDataString(userId)}.jpg")]);
    }

    private static Reply DeletePicture(ZoomSimulator sim, string userId)
    {
        if (ResolveUser(sim, userId) is not { } user)
            return Replies.UserDoesNotExist(userId);
        // Code 200 is the account setting "only an account admin may change pictures": it refuses removals too.
        if (user.PictureError is { Code: 200 } adminOnly)
            return Replies.Error(400, adminOnly);
        lock (user.Gate)
            user.DeletePicture();
        return Replies.NoContent;
    }

    private static async ValueTask<Reply> ChangePasswordAsync(ZoomSimulator sim, Exchange x, string userId)
    {
        if (ResolveUser(sim, userId) is not { } user)
            return Replies.UserDoesNotExist(userId);

        var password = ReadPassword(x.Http.Request.ContentType, await x.ReadBodyAsync());
        if (password is null)
            return Replies.InvalidBody;
        if (user.PasswordError is { } forced)
            return Replies.Error(400, forced);
        return ApplyPassword(sim.Options, user, password);
    }

    // Check and apply under one lock: two concurrent changes of one user must see each other's history.
    private static Reply ApplyPassword(SimulatorOptions options, SimUser user, string password)
    {
        lock (user.Gate)
        {
            var broken = PasswordRules.Check(password, options.PasswordRequirement, user.CurrentPassword,
                user.PasswordHistory, options.PasswordHistory);
            if (broken is { } rule)
                return Replies.Error(400, rule);
            user.ApplyPassword(password);
        }
        return Replies.NoContent;
    }

    private static string? ReadPassword(string? contentType, byte[] body)
    {
        // The current spec takes JSON only; the old multipart form must fail like it does at Zoom.
        if (contentType is null
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("password", out var value)
                   && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Reply AccountSettings(ZoomSimulator sim, string accountId)
    {
        var options = sim.Options;
        if (!accountId.Equals("me", StringComparison.OrdinalIgnoreCase)
            && !accountId.Equals(options.AccountId, StringComparison.OrdinalIgnoreCase))
            return Replies.Error(404, 2001, $"Account does not exist: {accountId}.");

        var rules = options.PasswordRequirement;
        return Replies.Json(200, ZoomJson.Write(w =>
        {
            w.WriteStartObject("security");
            w.WriteStartObject("password_requirement");
            w.WriteNumber("minimum_password_length", rules.MinimumPasswordLength);
            w.WriteBoolean("have_special_character", rules.HaveSpecialCharacter);
            w.WriteNumber("consecutive_characters_length", rules.ConsecutiveCharactersLength);
            w.WriteBoolean("weak_enhance_detection", rules.WeakEnhanceDetection);
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    /// <summary>MissingUsers wins even over an existing or auto-created user. A user is found by the key it was added under or by its <see cref="SimUser.Id"/>.</summary>
    internal static SimUser? ResolveUser(ZoomSimulator sim, string userId)
    {
        if (sim.MissingUsers.Contains(userId))
            return null;
        if (sim.Users.TryGetValue(userId, out var user) || sim.TryGetById(userId, out user))
            return user;
        return sim.Options.AutoCreateUsers ? sim.Users.GetOrAdd(userId, static id => new SimUser(id)) : null;
    }
}
