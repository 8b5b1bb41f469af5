using Microsoft.AspNetCore.Http;

namespace ZoomUsers.Simulator;

internal enum ApiEndpoint { Unknown, UploadPicture, DeletePicture, ChangePassword, AccountSettings, GetUser, ListUsers }

/// <summary>Zoom's rate-limit labels: each has its own per-second budget (GET /users/{userId} is Light, the rest here Medium).</summary>
public enum RateLabel { Medium, Light }

/// <summary>The scopes that let a token call an endpoint, and the 4711 message naming them.</summary>
internal sealed class ScopeRule
{
    public ScopeRule(string[] accepted, string[] named)
    {
        Accepted = accepted;
        // Zoom names the account-level scopes, not the user-level "user:write" that also works.
        Error = Replies.Error(400, 4711, $"Invalid access token, does not contain scopes:[{string.Join(", ", named)}].");
    }

    public string[] Accepted { get; }
    public Reply Error { get; }

    public static readonly ScopeRule Picture = new(
        ["user:write:admin", "user:write", "user:write:profile_picture:admin"],
        ["user:write:admin", "user:write:profile_picture:admin"]);

    public static readonly ScopeRule PictureRemoval = new(
        ["user:write:admin", "user:write", "user:delete:profile_picture:admin"],
        ["user:write:admin", "user:delete:profile_picture:admin"]);

    public static readonly ScopeRule Password = new(
        ["user:write:admin", "user:write", "user:update:password:admin"],
        ["user:write:admin", "user:update:password:admin"]);

    // Classic user:write:admin ("view and manage all user information") reads users too.
    public static readonly ScopeRule ReadUser = new(
        ["user:read:admin", "user:write:admin", "user:read", "user:read:user:admin"],
        ["user:read:admin", "user:read:user:admin"]);

    public static readonly ScopeRule ListUsers = new(
        ["user:read:admin", "user:write:admin", "user:read:list_users:admin"],
        ["user:read:admin", "user:read:list_users:admin"]);

    public static readonly ScopeRule Settings = new(
        ["account:read:admin", "account:read:settings:admin"],
        ["account:read:admin", "account:read:settings:admin"]);
}

/// <summary>
/// Routes /v2 requests on the raw (still escaped) path, splitting on '/' before decoding so that a user id
/// sent as "a%2Fb" stays one segment, as it does at Zoom.
/// </summary>
internal readonly record struct ApiRoute(ApiEndpoint Endpoint, string? UserId, string? AccountId)
{
    public ScopeRule? Scope => Endpoint switch
    {
        ApiEndpoint.UploadPicture => ScopeRule.Picture,
        ApiEndpoint.DeletePicture => ScopeRule.PictureRemoval,
        ApiEndpoint.ChangePassword => ScopeRule.Password,
        ApiEndpoint.AccountSettings => ScopeRule.Settings,
        ApiEndpoint.GetUser => ScopeRule.ReadUser,
        ApiEndpoint.ListUsers => ScopeRule.ListUsers,
        _ => null,
    };

    public RateLabel Label => Endpoint == ApiEndpoint.GetUser ? RateLabel.Light : RateLabel.Medium;

    /// <param name="rawPath">Path as on the request line, starting with "/v2".</param>
    public static ApiRoute Parse(string method, string rawPath)
    {
        var segments = rawPath.Split('/');   // "", "v2", ...
        if (segments.Length == 3 && Is(segments[2], "users") && HttpMethods.IsGet(method))
            return new ApiRoute(ApiEndpoint.ListUsers, null, null);
        if (segments.Length < 4)
            return default;

        if (Is(segments[2], "users"))
        {
            var userId = Decode(segments[3]);
            if (string.IsNullOrEmpty(userId))
                return default;
            var endpoint = ApiEndpoint.Unknown;
            if (segments.Length == 4 && HttpMethods.IsGet(method))
                endpoint = ApiEndpoint.GetUser;
            else if (segments.Length == 5 && Is(segments[4], "picture"))
                endpoint = HttpMethods.IsPost(method) ? ApiEndpoint.UploadPicture
                    : HttpMethods.IsDelete(method) ? ApiEndpoint.DeletePicture
                    : ApiEndpoint.Unknown;
            else if (segments.Length == 5 && Is(segments[4], "password") && HttpMethods.IsPut(method))
                endpoint = ApiEndpoint.ChangePassword;
            return new ApiRoute(endpoint, userId, null);
        }

        if (segments.Length == 5 && Is(segments[2], "accounts") && Is(segments[4], "settings") && HttpMethods.IsGet(method))
        {
            var accountId = Decode(segments[3]);
            if (!string.IsNullOrEmpty(accountId))
                return new ApiRoute(ApiEndpoint.AccountSettings, null, accountId);
        }

        return default;
    }

    private static bool Is(string segment, string literal) => segment.Equals(literal, StringComparison.OrdinalIgnoreCase);

    private static string? Decode(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
