using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZoomUsers.Simulator.Tls;

/// <summary>
/// A certificate authority made for one session and thrown away with it. It issues the simulator's
/// server certificate, and the tests' expired and wrong-name ones. On Linux its root is trusted only by
/// processes told to (<see cref="ProcessTrust"/>, SSL_CERT_FILE), never installed anywhere; on a Windows
/// CI runner a workflow step adds the root of one made by the simulator's make-ca command to the
/// machine's root store for the job, and removes it after (.ci/add-test-ca.ps1).
/// </summary>
public sealed class ThrowawayCa : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private readonly X509Certificate2 _root;
    // The root with its key as PKCS#12, kept from creation: a key loaded on Windows is not exportable.
    private readonly byte[] _pkcs12;

    private ThrowawayCa(byte[] pkcs12)
    {
        _pkcs12 = pkcs12;
        _root = X509CertificateLoader.LoadPkcs12(pkcs12, null);
        if (!_root.HasPrivateKey) throw new ArgumentException("The CA's PKCS#12 file holds no private key: it cannot issue certificates.");
    }

    /// <summary>A CA written earlier by <see cref="WriteFiles"/> (its ca.pfx, key included).</summary>
    public static ThrowawayCa Load(string pkcs12Path) => new(File.ReadAllBytes(pkcs12Path));

    public ThrowawayCa(string name = "ZoomUsers simulator throwaway CA")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=ZoomUsers tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(365));
        _pkcs12 = created.Export(X509ContentType.Pfx);
        _root = X509CertificateLoader.LoadPkcs12(_pkcs12, null);
    }

    /// <summary>The root certificate, PEM-encoded: what a process that trusts this CA reads.</summary>
    public string RootPem => _root.ExportCertificatePem();

    public string Subject => _root.Subject;

    /// <summary>A server certificate for 127.0.0.1 and localhost, valid from yesterday for 30 days.</summary>
    public X509Certificate2 IssueLoopback() =>
        Issue(new[] { "localhost" }, new[] { IPAddress.Loopback }, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    /// <summary>A server certificate with its private key, for these names and this validity.</summary>
    public X509Certificate2 Issue(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var dns = dnsNames.ToList();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={(dns.Count > 0 ? dns[0] : "server")}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dns) names.AddDnsName(name);
        foreach (var address in addresses) names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { ServerAuthentication }, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(_root, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return WithUsableKey(withKey);
    }

    /// <summary>Writes the root where SSL_CERT_FILE can point; returns the path.</summary>
    public string WriteRoot(string path)
    {
        File.WriteAllText(path, RootPem);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="directory"/>/ca.pem and ca.cer (the root, PEM and DER: what a trust store
    /// imports) and ca.pfx (the root with its private key, no password: what <see cref="Load"/> reads to
    /// issue certificates). Returns the path of ca.pfx.
    /// </summary>
    public string WriteFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteRoot(Path.Combine(directory, "ca.pem"));
        File.WriteAllBytes(Path.Combine(directory, "ca.cer"), _root.RawData);
        var pkcs12 = Path.Combine(directory, "ca.pfx");
        File.WriteAllBytes(pkcs12, _pkcs12);
        return pkcs12;
    }

    // Round-trip through PFX: an ephemeral key cannot sign or serve TLS on every platform.
    private static X509Certificate2 WithUsableKey(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);

    public void Dispose() => _root.Dispose();
}
