using System.Runtime.CompilerServices;
using ZoomUsers.Simulator.Tls;

namespace ZoomUsers.Tests.Harness;

/// <summary>
/// This test process trusts one throwaway CA, through SSL_CERT_FILE as an admin trusts the simulator
/// for one session: HTTPS simulators get their certificates from it, and nothing else changes
/// (validation stays on, nothing is installed, no handler skips a check).
/// <para>
/// Why a module initializer: .NET on Linux reads SSL_CERT_FILE once, with the C library's getenv,
/// when the process first builds a certificate chain; set later (or only in .NET's copy of the
/// environment) it is ignored for the life of the process (<see cref="ProcessTrust"/> has the
/// experiment). A module initializer runs before any test in this assembly, so before any TLS.
/// Processes the tests start (the isolation host, the standalone simulator) inherit the variable.
/// </para>
/// </summary>
internal static class TestTrust
{
    private static ThrowawayCa? _ca;
    private static string? _file;

    /// <summary>The CA this process trusts.</summary>
    public static ThrowawayCa Ca => _ca ?? throw new InvalidOperationException("TestTrust was not initialised.");

    /// <summary>Its root, PEM: where SSL_CERT_FILE points.</summary>
    public static string File => _file ?? throw new InvalidOperationException("TestTrust was not initialised.");

    /// <summary>A certificate for the simulator (127.0.0.1, localhost) that this process trusts.</summary>
    public static SimulatorTls Simulator() => SimulatorTls.IssuedBy(Ca, File);

    [ModuleInitializer]
    internal static void Initialize()
    {
        _ca = new ThrowawayCa();
        _file = ProcessTrust.Trust(_ca);
    }
}
