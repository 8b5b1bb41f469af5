using System;
using System.Net.Http;

namespace ZoomUsers.Http
{
    /// <summary>
    /// A proxy answered 407 Proxy Authentication Required, with whatever credentials it was offered.
    /// The proxy's answer, not Zoom's: no retry helps, and the message says which proxy and what to give it.
    /// </summary>
    public sealed class ProxyAuthenticationException : HttpRequestException
    {
        public ProxyAuthenticationException(string message, Uri? proxy)
            : base(message)
        {
            Proxy = proxy;
        }

        /// <summary>The proxy that refused, without any user name or password; null when it cannot be told.</summary>
        public Uri? Proxy { get; }
    }
}
