using System;

namespace ZoomUsers.Auth
{
    /// <summary>The token service refused or could not be reached. The message says what Zoom said, never a secret.</summary>
    public sealed class ZoomAuthenticationException : Exception
    {
        public ZoomAuthenticationException(string message, string? oauthError = null, int? httpStatus = null, Exception? inner = null)
            : base(message, inner)
        {
            OAuthError = oauthError;
            HttpStatus = httpStatus;
        }

        /// <summary>The OAuth error code Zoom sent (invalid_client, invalid_request...).</summary>
        public string? OAuthError { get; }
        public int? HttpStatus { get; }
    }
}
