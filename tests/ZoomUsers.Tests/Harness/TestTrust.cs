using System.Runtime.CompilerServices;
using ZoomUsers.Simulator.Tls;

namespace ZoomUsers.Tests.Harness;

/// <summary>
/// The throwaway CA this test process trusts, as an admin's machine trusts a CA: HTTPS simulators and
/// the expired and wrong-name servers get their certificates from it, and validation stays on (no
/// handler skips a check). How the trust comes about depends on the OS, because .NET reads a different
/// trust store on each:
/// <list type="bullet">
/// <item>Linux: a CA made here, trusted through SSL_CERT_FILE (<see cref="ProcessTrust"/>): nothing
/// installed. .NET reads SSL_CERT_FILE once, with the C library's getenv, when the process first builds a
/// certificate chain; a module initializer runs before any test in this assembly, so before any TLS.
/// Processes the tests start (the isolation host, the standalone simulator) inherit the variable.</item>
/// <item>Windows: .NET reads only the Windows certificate store. CI's Windows legs make a CA before the
/// tests (.ci/add-test-ca.ps1: the simulator's make-ca), add its root to the machine's root store, and
/// name its ca.pfx in <see cref="CaVariable"/>; the tests issue their certificates from that CA. Without
/// the variable, nothing here is trusted.</item>
/// <item>macOS: .NET reads the keychain, and adding a trusted root to it asks for a password in a dialog,
/// which a CI runner cannot answer.</item>
/// </list>
/// Where this process trusts no CA, <see cref="Unavailable"/> says why, and the tests that need it are
/// skipped with that reason (<see cref="HttpsFactAttribute"/>), never passed without running.
/// </summary>
internal static class TestTrust
{
    /// <summary>The environment variable that names the CA's PKCS#12 file (make-ca's ca.pfx) on Windows.</summary>
    public const string CaVariable = "ZOOMUSERS_TEST_CA";

    private static ThrowawayCa? _ca;

    /// <summary>Why this process trusts no test CA; null when it does.</summary>
    public static string? Unavailable { get; } = WhyUnavailable();

    /// <summary>The CA this process trusts.</summary>
    public static ThrowawayCa Ca => _ca ?? throw new InvalidOperationException("No test CA is trusted here: " + Unavailable);

    /// <summary>A certificate for the simulator (127.0.0.1, localhost) that this process trusts.</summary>
    public static SimulatorTls Simulator() => SimulatorTls.IssuedBy(Ca, null);

    private static string? WhyUnavailable()
    {
        if (OperatingSystem.IsLinux()) return null;
        if (OperatingSystem.IsWindows())
            return string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CaVariable))
                ? $"needs a test CA in the machine's root store: {CaVariable} is not set (CI's Windows legs set it with .ci/add-test-ca.ps1, which adds the CA to Cert:\\LocalMachine\\Root)"
                : null;
        return "needs a test CA this process trusts, and .NET on macOS trusts only the keychain, which cannot be given a root unattended; these tests run on Linux and Windows";
    }

    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Unavailable != null) return;
        if (OperatingSystem.IsLinux())
        {
            _ca = new ThrowawayCa();
            ProcessTrust.Trust(_ca);
        }
        else
        {
            _ca = ThrowawayCa.Load(Environment.GetEnvironmentVariable(CaVariable)!);
        }
    }
}
