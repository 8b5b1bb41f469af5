using System;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Http
{
    /// <summary>
    /// A request that failed because its server's certificate was refused becomes a
    /// <see cref="TlsCertificateException"/> naming what failed, instead of a connection failure that
    /// would be retried and reported as "could not reach Zoom".
    /// </summary>
    internal sealed class CertificateFailureHandler : DelegatingHandler
    {
        private readonly CertificateObserver _observer;

        public CertificateFailureHandler(CertificateObserver observer, HttpMessageHandler inner)
            : base(inner)
        {
            _observer = observer;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!(ex is ProxyAuthenticationException) && IsHandshakeRefusal(ex) && _observer.LastFailure(request.RequestUri) is { } verdict)
            {
                throw new TlsCertificateException(verdict.ErrorId, verdict.Message, CertificateObserver.Authority(request.RequestUri));
            }
        }

        /// <summary>
        /// The TLS handshake was refused: an AuthenticationException inside (.NET), or a WebException of
        /// status TrustFailure (.NET Framework's HttpWebRequest, unproven here).
        /// </summary>
        private static bool IsHandshakeRefusal(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
                if (e is AuthenticationException || e is WebException { Status: WebExceptionStatus.TrustFailure })
                    return true;
            return false;
        }
    }
}
