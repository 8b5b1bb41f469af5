using System;

namespace ZoomUsers.Auth
{
    /// <summary>The token service refused or could not be reached. The message says what Zoom said, never a secret.</summary>
    public sealed class ZoomAuthenticationException : Exception
    {
        public ZoomAuthenticationException(string message, string? oauthError = null, int? httpStatus = null, Exception? inner = null, bool transient = false)
            : base(message, inner)
        {
            OAuthError = oauthError;
            HttpStatus = httpStatus;
            IsTransient = transient || httpStatus >= 500 || httpStatus == 429;
        }

        /// <summary>The OAuth error code Zoom sent (invalid_client, invalid_request...).</summary>
        public string? OAuthError { get; }
        public int? HttpStatus { get; }

        /// <summary>
        /// The token service was unreachable, slow or failing (5xx, 429), as opposed to refusing the
        /// credentials: a renewal in the middle of a bulk run is worth retrying then.
        /// </summary>
        public bool IsTransient { get; }
    }
}
