using System.Diagnostics;

namespace ZoomUsers.Tests.Harness;

/// <summary>
/// Runs tests/ZoomUsers.IsolationHost, a pwsh stand-in, as a process of its own: for what only a
/// fresh process shows (which copies of an assembly load first, which proxy variables the runtime reads).
/// </summary>
public static class IsolationHostProcess
{
    /// <returns>The host's standard output; fails the test when the host fails or hangs.</returns>
    public static string Run(string scenario, Uri tokenUri, Uri apiBaseUri, params (string Name, string? Value)[] environment)
    {
        var (exitCode, stdout, stderr) = RunToEnd(scenario, tokenUri, apiBaseUri, environment);
        Assert.True(exitCode == 0, $"isolation host exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <returns>The host's exit code (0 ran clean, 1 errors, 2 a terminating error), standard output and standard error.</returns>
    public static (int ExitCode, string Stdout, string Stderr) RunToEnd(string scenario, Uri tokenUri, Uri apiBaseUri, params (string Name, string? Value)[] environment) =>
        RunModule(RepoPaths.ModuleManifest, scenario, tokenUri, apiBaseUri, environment);

    /// <summary>As <see cref="RunToEnd"/>, with another copy of the module (<paramref name="manifest"/>: its ZoomUsers.psd1).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunModule(string manifest, string scenario, Uri tokenUri, Uri apiBaseUri, params (string Name, string? Value)[] environment)
    {
        var host = Path.Combine(RepoPaths.Root, "tests", "ZoomUsers.IsolationHost", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "ZoomUsers.IsolationHost.dll");
        Assert.True(File.Exists(host), "isolation host not built: " + host);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { host, scenario, manifest, tokenUri.ToString(), apiBaseUri.ToString() })
            start.ArgumentList.Add(a);
        // The test process's own proxy settings must not leak into a scenario that did not ask for them.
        foreach (var name in new[] { "http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
        {
            if (value == null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "isolation host hung");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
