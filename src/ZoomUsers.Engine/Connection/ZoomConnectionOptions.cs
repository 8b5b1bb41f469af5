using System;
using System.Net;
using System.Security;

namespace ZoomUsers.Connection
{
    /// <summary>Everything Connect-Zoom collects. Secrets stay SecureStrings until the moment they are sent.</summary>
    public sealed class ZoomConnectionOptions
    {
        public static readonly Uri DefaultTokenUri = new Uri("https://zoom.us/oauth/token");
        public static readonly Uri DefaultApiBaseUri = new Uri("https://api.zoom.us/v2");

        public string? AccountId { get; set; }
        public string? ClientId { get; set; }
        public SecureString? ClientSecret { get; set; }
        /// <summary>A token obtained elsewhere; when set, no client credentials are used.</summary>
        public SecureString? AccessToken { get; set; }
        public Uri TokenUri { get; set; } = DefaultTokenUri;
        /// <summary>Null: the token's api_url + /v2, else <see cref="DefaultApiBaseUri"/>.</summary>
        public Uri? ApiBaseUri { get; set; }
        /// <summary>A ceiling never exceeded in any one-second window; null (the default): find the account's limit.</summary>
        public double? RequestsPerSecond { get; set; }
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
        public int MaxRetryCount { get; set; } = 5;
        /// <summary>The first retry waits about this long; later ones double it (with jitter).</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(0.5);
        public Uri? Proxy { get; set; }
        public NetworkCredential? ProxyCredential { get; set; }
        /// <summary>Sockets per host: above any sensible -ThrottleLimit, so the limiter and not the socket pool sets the pace.</summary>
        public int MaxConnections { get; set; } = 256;
    }
}
