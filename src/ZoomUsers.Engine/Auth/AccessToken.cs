using System;

namespace ZoomUsers.Auth
{
    /// <summary>A bearer token. Its value never leaves the HTTP pipeline: no ToString, no property a caller could print.</summary>
    internal sealed class AccessToken
    {
        public AccessToken(string value, DateTimeOffset? expiresOn, string[] scopes, Uri? apiUrl)
        {
            Value = value;
            ExpiresOn = expiresOn;
            Scopes = scopes;
            ApiUrl = apiUrl;
        }

        internal string Value { get; }
        public DateTimeOffset? ExpiresOn { get; }
        public string[] Scopes { get; }
        public Uri? ApiUrl { get; }

        public override string ToString() => "AccessToken(***)";
    }
}
