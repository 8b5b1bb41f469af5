using System;
using ZoomUsers.Pacing;

namespace ZoomUsers
{
    /// <summary>What Get-ZoomConnection shows. Deliberately has no token and no secret.</summary>
    public sealed class ZoomConnectionInfo
    {
        internal ZoomConnectionInfo(string? accountId, string? clientId, string authenticationType, Uri apiBaseUri, Uri? tokenUri,
            string[] scopes, DateTimeOffset? tokenExpiresOn, RateMode rateMode, double requestsPerSecond, double? rateCeiling, double? advertisedRateLimit, DateTimeOffset connectedOn)
        {
            AccountId = accountId;
            ClientId = clientId;
            AuthenticationType = authenticationType;
            ApiBaseUri = apiBaseUri;
            TokenUri = tokenUri;
            Scopes = scopes;
            TokenExpiresOn = tokenExpiresOn;
            RateMode = rateMode;
            RequestsPerSecond = requestsPerSecond;
            RateCeiling = rateCeiling;
            AdvertisedRateLimit = advertisedRateLimit;
            ConnectedOn = connectedOn;
        }

        public string? AccountId { get; }
        public string? ClientId { get; }
        /// <summary><c>ClientCredentials</c> (Server-to-Server OAuth, renewed automatically) or <c>AccessToken</c>.</summary>
        public string AuthenticationType { get; }
        public Uri ApiBaseUri { get; }
        public Uri? TokenUri { get; }
        public string[] Scopes { get; }
        public DateTimeOffset? TokenExpiresOn { get; }
        /// <summary><c>Adaptive</c> (no -RequestsPerSecond: the pacer finds the account's limit) or <c>Fixed</c> (-RequestsPerSecond is a ceiling).</summary>
        public RateMode RateMode { get; }
        /// <summary>The rate held now: raised while answers come back clean, lowered on 429s.</summary>
        public double RequestsPerSecond { get; }
        /// <summary>What the rate may not pass: -RequestsPerSecond, or just under Zoom's advertised limit; null while neither is known.</summary>
        public double? RateCeiling { get; }
        /// <summary>X-RateLimit-Limit of the per-second limit, once Zoom has sent one.</summary>
        public double? AdvertisedRateLimit { get; }
        public DateTimeOffset ConnectedOn { get; }

        public override string ToString() => $"{AccountId ?? "(token)"} via {ApiBaseUri}";
    }
}
