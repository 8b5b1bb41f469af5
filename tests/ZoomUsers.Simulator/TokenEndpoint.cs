using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ZoomUsers.Simulator;

/// <summary>
/// POST /oauth/token, Server-to-Server OAuth: Basic client credentials, grant_type=account_credentials and
/// account_id, taken from the query string (Zoom's examples) or a form body (Zoom's own SDK).
/// </summary>
internal static class TokenEndpoint
{
    public static async ValueTask<Reply> HandleAsync(ZoomSimulator sim, Exchange x)
    {
        var options = sim.Options;
        await x.DelayAsync(options.TokenLatency);

        var request = x.Http.Request;
        if (!HttpMethods.IsPost(request.Method))
            return Replies.NotFound;
        if (!CredentialsMatch(request.Headers.Authorization, options))
            return Replies.InvalidClient;

        string? grantType = First(request.Query, "grant_type");
        string? accountId = First(request.Query, "account_id");
        if ((grantType is null || accountId is null) && IsFormUrlEncoded(request.ContentType))
        {
            var form = new FormReader(Encoding.UTF8.GetString(await x.ReadBodyAsync())).ReadForm();
            grantType ??= First(form, "grant_type");
            accountId ??= First(form, "account_id");
        }

        if (!string.Equals(grantType, "account_credentials", StringComparison.Ordinal))
            return Replies.UnsupportedGrant;
        if (string.IsNullOrEmpty(accountId) || !string.Equals(accountId, options.AccountId, StringComparison.Ordinal))
            return Replies.InvalidAccount;

        int lifetime = options.TokenLifetimeSeconds;
        string scopes = options.Scopes;
        string? apiUrl = options.ApiUrlInToken;
        string token = sim.Tokens.Issue(lifetime, scopes);
        return Replies.Json(200, ZoomJson.Write(w =>
        {
            w.WriteString("access_token", token);
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", lifetime);
            w.WriteString("scope", scopes);
            if (apiUrl is not null)
                w.WriteString("api_url", apiUrl);
        }));
    }

    private static bool CredentialsMatch(string? authorization, SimulatorOptions options)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        int colon = decoded.IndexOf(':');
        return colon >= 0
               && string.Equals(decoded[..colon], options.ClientId, StringComparison.Ordinal)
               && string.Equals(decoded[(colon + 1)..], options.ClientSecret, StringComparison.Ordinal);
    }

    private static bool IsFormUrlEncoded(string? contentType) =>
        contentType is not null
        && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static string? First(IEnumerable<KeyValuePair<string, StringValues>> values, string key)
    {
        foreach (var (name, value) in values)
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase) && value.Count > 0)
                return value[0];
        return null;
    }
}
