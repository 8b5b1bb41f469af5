using System;
using System.Net;
using System.Security;

namespace ZoomUsers.Connection
{
    /// <summary>Everything Connect-Zoom collects. Secrets stay SecureStrings until the moment they are sent.</summary>
    internal sealed class ZoomConnectionOptions
    {
        public static readonly Uri DefaultTokenUri = new Uri("https://zoom.us/oauth/token");
        public static readonly Uri DefaultApiBaseUri = new Uri("https://api.zoom.us/v2");
        public const int DefaultTimeoutSec = 30;
        public const int DefaultMaxRetryCount = 5;

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
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSec);
        public int MaxRetryCount { get; set; } = DefaultMaxRetryCount;
        /// <summary>The first retry waits about this long; later ones double it (with jitter).</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(0.5);
        public Uri? Proxy { get; set; }
        public NetworkCredential? ProxyCredential { get; set; }
        /// <summary>The logged-on user's credentials (NTLM, Negotiate) for -Proxy or the system proxy.</summary>
        public bool ProxyUseDefaultCredentials { get; set; }
        /// <summary>Sockets per host: above any sensible -ThrottleLimit, so the limiter and not the socket pool sets the pace.</summary>
        public int MaxConnections { get; set; } = 256;
        /// <summary>The PowerShell that runs the module (edition and version, "Core 7.6.9"), for the User-Agent; the engine knows no PowerShell type.</summary>
        public string? PowerShellVersion { get; set; }

        /// <summary>
        /// <c>ZoomUsers/0.1.0 (PowerShell Core 7.6.9)</c>: who is calling, for Zoom's logs and its
        /// support (none is sent otherwise).
        /// </summary>
        public string UserAgent =>
            "ZoomUsers/" + ModuleVersion + (string.IsNullOrWhiteSpace(PowerShellVersion) ? string.Empty : $" (PowerShell {PowerShellVersion})");

        /// <summary>The engine is stamped with the module's version (ModuleVersion in ZoomUsers.psd1).</summary>
        private static string ModuleVersion { get; } = typeof(ZoomConnectionOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
