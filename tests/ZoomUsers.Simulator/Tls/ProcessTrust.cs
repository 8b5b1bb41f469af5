using System.Runtime.InteropServices;

namespace ZoomUsers.Simulator.Tls;

/// <summary>
/// Makes this process (and the processes it starts) trust a throwaway CA through SSL_CERT_FILE, the
/// way an admin trusts the simulator for one pwsh session: nothing installed, validation untouched.
/// <para>
/// Found by experiment (.NET 10, Linux): .NET's OpenSSL layer reads SSL_CERT_FILE with the C
/// library's getenv when it first loads the root store, once per process. Two consequences:
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> alone does nothing for this process
/// (on Unix it changes .NET's own copy of the environment, not the C library's), so the variable is
/// also set with libc's setenv; and it must happen before the first certificate chain is built
/// (set afterwards, the cached store still wins). Hence a module initializer in the tests and the first
/// line of the benchmark. .NET's copy is set too: child processes (Process.Start) inherit that one.
/// On Windows and macOS .NET ignores SSL_CERT_FILE (the OS store decides), so there this trusts nothing.
/// </para>
/// </summary>
public static class ProcessTrust
{
    private const string Variable = "SSL_CERT_FILE";

    /// <summary>Trusts <paramref name="ca"/>'s root for the rest of this process's life; returns the file it wrote.</summary>
    public static string Trust(ThrowawayCa ca)
    {
        var directory = Path.Combine(Path.GetTempPath(), "zoomusers-ca-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var file = ca.WriteRoot(Path.Combine(directory, "ca.pem"));
        Environment.SetEnvironmentVariable(Variable, file);
        if (!OperatingSystem.IsWindows() && setenv(Variable, file, 1) != 0)
            throw new InvalidOperationException("setenv(SSL_CERT_FILE) failed: " + Marshal.GetLastPInvokeError());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return file;
    }

#pragma warning disable CA2101 // Both strings are marshalled as UTF-8 by their MarshalAs, which CA2101 does not recognise.
    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
#pragma warning restore CA2101
}
