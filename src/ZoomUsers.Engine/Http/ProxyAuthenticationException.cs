using System;
using System.Net.Http;

namespace ZoomUsers.Http
{
    /// <summary>
    /// A proxy answered 407 Proxy Authentication Required, with whatever credentials it was offered:
    /// to a plain-http request, or to the <c>CONNECT</c> that opens the tunnel every HTTPS request to
    /// Zoom goes through. The proxy's answer, not Zoom's: no retry helps, and the message says which
    /// proxy and what to give it. Never carries the credentials offered.
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

        /// <summary>Whether the request this is about was sent at all (false: the proxy had already refused this connection).</summary>
        public bool Sent { get; private set; } = true;

        /// <summary>What the proxy's refusal of <paramref name="target"/> says: which proxy, and what to give it.</summary>
        public static ProxyAuthenticationException Refused(Uri? proxy, string? target, string? schemes) =>
            new ProxyAuthenticationException(
                $"The proxy {(proxy != null ? proxy.ToString() : "in use")} refused the request to {target}: HTTP 407 Proxy Authentication Required" +
                (!string.IsNullOrEmpty(schemes) ? $" (it asks for {schemes})" : string.Empty) +
                ". Give Connect-Zoom -ProxyCredential, or -ProxyUseDefaultCredentials for the logged-on user's, or put credentials on the system proxy.",
                proxy);

        /// <summary>For a row not sent because the proxy had already refused this connection's credentials.</summary>
        public ProxyAuthenticationException NotSent() =>
            new ProxyAuthenticationException(
                "Not sent: earlier in this connection " + char.ToLowerInvariant(Message[0]) + Message.Substring(1) +
                " Run Connect-Zoom again once it has what the proxy wants.",
                Proxy)
            { Sent = false };
    }
}
