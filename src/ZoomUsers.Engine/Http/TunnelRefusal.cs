using System;
using System.Net;
using System.Net.Http;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Whether an <see cref="HttpRequestException"/> is a proxy's 407 to the <c>CONNECT</c> that opens an
    /// HTTPS tunnel, which no handler turns into a response: the refusal arrives as a failure to
    /// connect, indistinguishable by type from a dropped connection, which would be retried.
    /// <para>
    /// What .NET 10 throws, by experiment (a loopback proxy answering every CONNECT 407, with no and
    /// with Basic credentials offered): an HttpRequestException, no inner exception, HttpRequestError
    /// ProxyTunnelError, StatusCode 407, message "The proxy tunnel request to proxy 'http://…/' failed
    /// with status code '407'." HttpRequestError (.NET 8+) and StatusCode (.NET 5+) cannot be named from
    /// netstandard2.0, and reading them by reflection is what this avoids; what can be read is the
    /// message, which holds the status code. So: no inner exception (a socket or TLS failure has one),
    /// the request was going through a proxy (or the message says proxy), and the code '407' in the
    /// message. The quoted code is what is matched, not the wording, so a rephrased or translated message
    /// still matches while it quotes the code as .NET does today; the end-to-end proxy tests
    /// (Transport/ProxyTunnelTests) would say when it stopped.
    /// </para>
    /// <para>
    /// .NET Framework 4.7.2 (Windows PowerShell 5.1), unproven here (it cannot run on this machine): its
    /// HttpWebRequest reads the CONNECT's 407 as a response, and HttpClientHandler hands a WebException
    /// that carries a response back as that response, so the refusal is expected to arrive as a 407
    /// answer, which <see cref="ProxyRefusalHandler"/> already names. Mono, whose HttpClientHandler also
    /// runs on HttpWebRequest, does exactly that (the Mono smoke checks it); should .NET Framework throw
    /// instead, its WebException with the 407 response is recognised below. Which of the two 5.1 does
    /// stays unverified until a Windows PowerShell run meets a refusing proxy.
    /// </para>
    /// </summary>
    internal static class TunnelRefusal
    {
        public static bool Is(HttpRequestException exception, bool viaProxy)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
                if (e is WebException { Response: HttpWebResponse { StatusCode: HttpStatusCode.ProxyAuthenticationRequired } })
                    return true;
            // '407' quoted, as .NET quotes the status code: a bare 407 could be part of the proxy's port.
            return exception.InnerException == null &&
                   exception.Message.IndexOf("'407'", StringComparison.Ordinal) >= 0 &&
                   (viaProxy || exception.Message.IndexOf("proxy", StringComparison.OrdinalIgnoreCase) >= 0);
        }
    }
}
