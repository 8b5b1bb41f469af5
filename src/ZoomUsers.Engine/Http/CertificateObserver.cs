using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ZoomUsers.Http
{
    /// <summary>
    /// The module's <see cref="HttpClientHandler.ServerCertificateCustomValidationCallback"/>: it watches
    /// the platform's verdict on each server certificate and returns it unchanged (a certificate with
    /// any error is refused, exactly as with no callback), recording what failed on the request whose
    /// handshake it was (<see cref="CertificateCheck"/>) so that <see cref="CertificateFailureHandler"/>
    /// can name it. Set per handler, so no other module's requests are touched (unlike
    /// ServicePointManager's process-wide callback, which on .NET Framework this one also overrides for
    /// the module's own requests: another module's "accept anything" there cannot weaken these).
    /// </summary>
    internal static class CertificateObserver
    {
        public static bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (CertificateCheck.Of(request) is CertificateCheck check)
                check.Failure = CertificateVerdict.Judge(Authority(request.RequestUri), certificate, chain, errors);
            return errors == SslPolicyErrors.None; // the default decision, never more lenient
        }

        public static string Authority(Uri? uri) => uri == null ? string.Empty : uri.Host + ":" + uri.Port;
    }
}
