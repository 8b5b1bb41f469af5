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
    /// would be retried and reported as "could not reach Zoom". What failed is the request's own
    /// handshake's verdict (<see cref="CertificateCheck"/>), not the last one met at its host.
    /// </summary>
    internal sealed class CertificateFailureHandler : DelegatingHandler
    {
        private CertificateFailureHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        /// <summary>
        /// The handler over <paramref name="inner"/> that names the certificate failures met by
        /// <paramref name="socket"/>'s handshakes: it makes <see cref="CertificateObserver"/> the
        /// socket handler's validation callback.
        /// </summary>
        public static CertificateFailureHandler Over(HttpClientHandler socket, HttpMessageHandler inner)
        {
            socket.ServerCertificateCustomValidationCallback = CertificateObserver.Validate;
            return new CertificateFailureHandler(inner);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var check = CertificateCheck.Attach(request);
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!(ex is ProxyAuthenticationException) && IsHandshakeRefusal(ex) && check.Failure is { } verdict)
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
