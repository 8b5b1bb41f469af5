using System;
using System.Collections.Generic;
using System.Security;

namespace ZoomUsers.Connection
{
    /// <summary>
    /// ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET: what CI systems and runbooks set; and, for
    /// Zoom for Government or a test server, the optional ZOOM_TOKEN_URI and ZOOM_API_BASE_URI.
    /// </summary>
    internal static class EnvironmentCredentials
    {
        public const string AccountIdVariable = "ZOOM_ACCOUNT_ID";
        public const string ClientIdVariable = "ZOOM_CLIENT_ID";
        public const string ClientSecretVariable = "ZOOM_CLIENT_SECRET";
        public const string TokenUriVariable = "ZOOM_TOKEN_URI";
        public const string ApiBaseUriVariable = "ZOOM_API_BASE_URI";

        public static bool AnySet =>
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AccountIdVariable)) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ClientIdVariable)) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ClientSecretVariable));

        /// <returns>The names of the variables that are missing; empty when all three were read into <paramref name="options"/>.</returns>
        public static IReadOnlyList<string> Fill(ZoomConnectionOptions options)
        {
            var missing = new List<string>();
            options.AccountId = Read(AccountIdVariable, missing);
            options.ClientId = Read(ClientIdVariable, missing);
            var secret = Read(ClientSecretVariable, missing);
            if (secret != null)
            {
                var secure = new SecureString();
                foreach (var c in secret) secure.AppendChar(c);
                secure.MakeReadOnly();
                options.ClientSecret = secure;
            }
            options.TokenUri = OptionalUri(TokenUriVariable) ?? options.TokenUri;
            options.ApiBaseUri = OptionalUri(ApiBaseUriVariable) ?? options.ApiBaseUri;
            return missing;
        }

        private static Uri? OptionalUri(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value)) return null;
            return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
                ? uri
                : throw new ArgumentException($"The environment variable {name} is not an absolute URI.");
        }

        private static string? Read(string name, List<string> missing)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(name);
                return null;
            }
            return value.Trim();
        }
    }
}
