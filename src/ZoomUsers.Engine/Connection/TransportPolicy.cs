using System;
using System.Net;

namespace ZoomUsers.Connection
{
    /// <summary>Credentials only travel over HTTPS; plain HTTP is allowed to loopback, for local test servers.</summary>
    internal static class TransportPolicy
    {
        /// <returns>null when the URI may be used, else why not.</returns>
        public static string? Check(Uri uri, string what)
        {
            if (!uri.IsAbsoluteUri)
                return $"{what} '{uri}' is not an absolute URI.";
            if (uri.Scheme == Uri.UriSchemeHttps) return null;
            if (uri.Scheme == Uri.UriSchemeHttp)
                return IsLoopback(uri) ? null : $"{what} '{uri}' uses http://; Zoom credentials are only sent over https:// (http is allowed for loopback test servers only).";
            return $"{what} '{uri}' must be an https:// URI.";
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
    }
}
