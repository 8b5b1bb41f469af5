using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;

namespace ZoomUsers.Simulator;

internal enum TokenState { Valid, Unknown, Expired }

/// <summary>A token keeps the scopes and lifetime in force when it was issued, like a real one.</summary>
internal sealed class IssuedToken(long serial, long expiresAt, string[] scopes)
{
    public long Serial { get; } = serial;
    public long ExpiresAt { get; } = expiresAt;   // Stopwatch timestamp
    public string[] Scopes { get; } = scopes;

    public bool HasAnyScope(string[] wanted)
    {
        foreach (var scope in Scopes)
            foreach (var w in wanted)
                if (string.Equals(scope, w, StringComparison.Ordinal))
                    return true;
        return false;
    }
}

/// <summary>
/// Every token issued so far. Several are live at once (current Zoom behaviour); expiry is checked on
/// use with a monotonic clock, and ExpireAllTokens works by serial number so it costs nothing per token.
/// </summary>
internal sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private long _serial;
    private long _expiredUpTo;

    public string Issue(int lifetimeSeconds, string scopes)
    {
        var serial = Interlocked.Increment(ref _serial);
        var expiresAt = Stopwatch.GetTimestamp() + (long)(Math.Max(lifetimeSeconds, 0) * (double)Stopwatch.Frequency);
        var token = "sim." + Base64Url(RandomNumberGenerator.GetBytes(33));
        _tokens[token] = new IssuedToken(serial, expiresAt, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return token;
    }

    public TokenState Check(string? token, out IssuedToken? issued)
    {
        issued = null;
        if (string.IsNullOrEmpty(token) || !_tokens.TryGetValue(token, out issued))
            return TokenState.Unknown;
        if (issued.Serial <= Volatile.Read(ref _expiredUpTo) || Stopwatch.GetTimestamp() >= issued.ExpiresAt)
            return TokenState.Expired;
        return TokenState.Valid;
    }

    public void ExpireAll()
    {
        // Max, not plain write: a racing Issue must not lower the bar for tokens already expired.
        long target = Volatile.Read(ref _serial), current;
        while ((current = Volatile.Read(ref _expiredUpTo)) < target
               && Interlocked.CompareExchange(ref _expiredUpTo, target, current) != current)
        {
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
