using System;

namespace ZoomUsers
{
    /// <summary>What Get-ZoomConnection shows. Deliberately has no token and no secret.</summary>
    public sealed class ZoomConnectionInfo
    {
        internal ZoomConnectionInfo(string? accountId, string? clientId, string authenticationType, Uri apiBaseUri, Uri? tokenUri,
            string[] scopes, DateTimeOffset? tokenExpiresOn, double requestsPerSecond, DateTimeOffset connectedOn)
        {
            AccountId = accountId;
            ClientId = clientId;
            AuthenticationType = authenticationType;
            ApiBaseUri = apiBaseUri;
            TokenUri = tokenUri;
            Scopes = scopes;
            TokenExpiresOn = tokenExpiresOn;
            RequestsPerSecond = requestsPerSecond;
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
        /// <summary>The pace in force now: the configured rate, lowered while Zoom answers 429.</summary>
        public double RequestsPerSecond { get; }
        public DateTimeOffset ConnectedOn { get; }

        public override string ToString() => $"{AccountId ?? "(token)"} via {ApiBaseUri}";
    }
}
