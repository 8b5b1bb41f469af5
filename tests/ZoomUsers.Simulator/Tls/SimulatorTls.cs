using System.Security.Cryptography.X509Certificates;

namespace ZoomUsers.Simulator.Tls;

/// <summary>
/// The simulator's HTTPS: the certificate it serves, and the file a process trusts it by (the throwaway
/// CA's root; null when the certificate was given and its trust is the giver's business).
/// </summary>
public sealed class SimulatorTls : IDisposable
{
    private readonly ThrowawayCa? _ownedCa;

    private SimulatorTls(X509Certificate2 certificate, string? trustFile, ThrowawayCa? ownedCa)
    {
        Certificate = certificate;
        TrustFile = trustFile;
        _ownedCa = ownedCa;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The PEM root to point SSL_CERT_FILE at; null for a given certificate.</summary>
    public string? TrustFile { get; }

    /// <summary>A server certificate for 127.0.0.1 and localhost from <paramref name="ca"/> (the tests' CA, which the process already trusts).</summary>
    public static SimulatorTls IssuedBy(ThrowawayCa ca, string? trustFile) => new(ca.IssueLoopback(), trustFile, null);

    /// <summary>A new throwaway CA and its server certificate; the root is written to <paramref name="directory"/>/ca.pem.</summary>
    public static SimulatorTls Throwaway(string directory)
    {
        var ca = new ThrowawayCa();
        Directory.CreateDirectory(directory);
        var file = ca.WriteRoot(Path.Combine(directory, "ca.pem"));
        return new SimulatorTls(ca.IssueLoopback(), file, ca);
    }

    /// <summary>
    /// A server certificate for 127.0.0.1 and localhost from the CA in <paramref name="caPkcs12Path"/>
    /// (make-ca's ca.pfx): a CA this machine already trusts, so no trust file.
    /// </summary>
    public static SimulatorTls IssuedByCaFile(string caPkcs12Path)
    {
        var ca = ThrowawayCa.Load(caPkcs12Path);
        return new SimulatorTls(ca.IssueLoopback(), null, ca);
    }

    /// <summary>A certificate given as a PKCS#12 file (with its private key).</summary>
    public static SimulatorTls FromPfx(string path, string? password) =>
        new(X509CertificateLoader.LoadPkcs12FromFile(path, password), null, null);

    public void Dispose()
    {
        Certificate.Dispose();
        _ownedCa?.Dispose();
    }
}
