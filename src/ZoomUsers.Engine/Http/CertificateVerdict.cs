using System;
using System.Globalization;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ZoomUsers.Http
{
    /// <summary>
    /// What was wrong with a server certificate the platform refused, in the admin's words: which of
    /// three failures (each its own ErrorId, because each has its own remedy: trust a root, fix a clock
    /// or renew, fix an address) and the facts that show it. Only describes; the decision was the platform's.
    /// </summary>
    internal sealed class CertificateVerdict
    {
        private const string Never = " ZoomUsers has no switch to skip certificate validation.";

        private CertificateVerdict(string errorId, string message)
        {
            ErrorId = errorId;
            Message = message;
        }

        public string ErrorId { get; }
        public string Message { get; }

        /// <summary>Null when nothing failed.</summary>
        public static CertificateVerdict? Judge(string host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None) return null;
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                return new CertificateVerdict(ErrorIds.TlsCertificateUntrusted, $"{host} presented no certificate, so it cannot be trusted." + Never);

            var statuses = (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && chain != null
                ? chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList()
                : new System.Collections.Generic.List<X509ChainStatusFlags>();
            var nameWrong = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
            var timeOnly = statuses.Count > 0 && statuses.All(s => s == X509ChainStatusFlags.NotTimeValid || s == X509ChainStatusFlags.NotTimeNested);
            var who = $"subject '{certificate.Subject}', issued by '{certificate.Issuer}', valid {Utc(certificate.NotBefore)} to {Utc(certificate.NotAfter)}";
            var also = nameWrong && (statuses.Count > 0) ? $" It is also not for {host} (it names {Names(certificate)})." : string.Empty;

            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && !timeOnly)
                return new CertificateVerdict(ErrorIds.TlsCertificateUntrusted,
                    $"The certificate {host} presented does not chain to a root this computer trusts ({Describe(statuses)}; {who})." + also +
                    " A TLS-inspecting proxy or firewall presents certificates of its own: get its root certificate from its administrator and " +
                    "add it to the operating system's trusted roots (Windows: Trusted Root Certification Authorities; Linux: the system CA bundle)." + Never);
            if (timeOnly)
                return new CertificateVerdict(ErrorIds.TlsCertificateExpired,
                    $"The certificate {host} presented is not valid at this time: {who}." + also +
                    " Check this computer's clock and time zone; if they are right, the server (or a proxy inspecting TLS) serves an expired " +
                    "certificate, which its administrator must renew." + Never);
            return new CertificateVerdict(ErrorIds.TlsCertificateNameMismatch,
                $"The certificate {host} presented is not for that name: it names {Names(certificate)} ({who}). " +
                "Check -TokenUri and -ApiBaseUri (or the api_url Zoom's token answer gave); a proxy or captive portal answering in Zoom's place does this too." + Never);
        }

        private static string Describe(System.Collections.Generic.List<X509ChainStatusFlags> statuses) =>
            statuses.Count == 0 ? "chain errors" : string.Join(", ", statuses.Select(s => s switch
            {
                X509ChainStatusFlags.UntrustedRoot => "untrusted root",
                X509ChainStatusFlags.PartialChain => "no chain to a trusted root",
                X509ChainStatusFlags.NotTimeValid => "outside its validity period",
                X509ChainStatusFlags.Revoked => "revoked",
                X509ChainStatusFlags.RevocationStatusUnknown or X509ChainStatusFlags.OfflineRevocation => "revocation could not be checked",
                _ => s.ToString(),
            }));

        /// <summary>The DNS names and addresses the certificate is for (its subject alternative names, else its subject).</summary>
        private static string Names(X509Certificate2 certificate)
        {
            var san = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
            var names = san?.Format(false);
            return string.IsNullOrWhiteSpace(names) ? $"'{certificate.Subject}'" : names!;
        }

        private static string Utc(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
    }
}
