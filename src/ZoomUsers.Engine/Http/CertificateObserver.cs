using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ZoomUsers.Http
{
    /// <summary>
    /// One handler's <see cref="HttpClientHandler.ServerCertificateCustomValidationCallback"/>: it watches
    /// the platform's verdict on each server certificate and returns it unchanged (a certificate with
    /// any error is refused, exactly as with no callback), remembering per host what failed so that
    /// <see cref="CertificateFailureHandler"/> can name it. Per handler, so no other module's requests
    /// are touched (unlike ServicePointManager's process-wide callback, which on .NET Framework this
    /// one also overrides for the module's own requests: another module's "accept anything" there
    /// cannot weaken these).
    /// </summary>
    internal sealed class CertificateObserver
    {
        private readonly ConcurrentDictionary<string, CertificateVerdict> _failed = new ConcurrentDictionary<string, CertificateVerdict>(StringComparer.OrdinalIgnoreCase);

        public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            var host = Authority(request.RequestUri);
            var verdict = CertificateVerdict.Judge(host, certificate, chain, errors);
            if (verdict == null) _failed.TryRemove(host, out _);
            else _failed[host] = verdict;
            return errors == SslPolicyErrors.None; // the default decision, never more lenient
        }

        /// <summary>What failed for <paramref name="target"/>'s host at its last refused handshake; null when its last one passed.</summary>
        public CertificateVerdict? LastFailure(Uri? target) => _failed.TryGetValue(Authority(target), out var verdict) ? verdict : null;

        public static string Authority(Uri? uri) => uri == null ? string.Empty : uri.Host + ":" + uri.Port;
    }
}
