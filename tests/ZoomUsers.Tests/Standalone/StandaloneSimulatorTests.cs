using System.Diagnostics;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Standalone;

/// <summary>
/// The simulator started on its own, as docs/admin-guide.md's rehearsal starts it: its printed Connect-Zoom line,
/// pasted into PowerShell, connects, and the CSV example runs through it.
/// </summary>
public sealed class StandaloneSimulatorTests : IDisposable
{
    private static readonly string SimulatorDll = Path.Combine(RepoPaths.Root, "tests", "ZoomUsers.Simulator", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "ZoomUsers.Simulator.dll");

    private readonly string _temp = Path.Combine(Path.GetTempPath(), "zoomusers-tests", Guid.NewGuid().ToString("N"));
    private Process? _process;
    private readonly List<string> _printed = new();

    [Fact]
    public async Task The_printed_Connect_Zoom_line_connects_and_a_CSV_upload_goes_through()
    {
        var connect = await StartAsync("--plan", "pro", "--latency", "5");
        Assert.StartsWith("Connect-Zoom ", connect);
        Assert.Matches(@"-TokenUri http://127\.0\.0\.1:\d+/oauth/token -ApiBaseUri http://127\.0\.0\.1:\d+/v2$", connect);

        Directory.CreateDirectory(_temp);
        var picture = Path.Combine(_temp, "alice.jpg");
        File.WriteAllBytes(picture, new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 });
        var csv = Path.Combine(_temp, "pictures.csv");
        File.WriteAllText(csv, "Email,PhotoPath\nalice@example.com," + picture + "\n");
        var report = Path.Combine(_temp, "picture-results.csv");
        using var ps = new PowerShellSession();

        ps.Run(connect).ThrowIfFailed();
        var r = ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture | Export-Csv -Path $args[1] -NoTypeInformation; Import-Csv -Path $args[1]", csv, report);

        r.ThrowIfFailed();
        var row = Assert.Single(r.Output);
        Assert.Equal("alice@example.com", row.Str("UserId"));
        Assert.Equal("Succeeded", row.Str("Status"));
        Assert.Equal("SetPicture", row.Str("Operation"));
    }

    [SslCertFileFact]
    public async Task With_tls_it_serves_HTTPS_and_the_printed_SSL_CERT_FILE_is_what_a_process_needs_to_trust_it()
    {
        var connect = await StartAsync("--tls");
        var (tokenUri, apiBase) = HttpsUris(connect);
        var trustLine = Assert.Single(_printed, l => l.Contains("SSL_CERT_FILE=", StringComparison.Ordinal));
        var caFile = System.Text.RegularExpressions.Regex.Match(trustLine, @"SSL_CERT_FILE=(\S+) pwsh").Groups[1].Value;
        Assert.True(File.Exists(caFile), trustLine);

        AssertTrustedOnlyThrough(caFile, tokenUri, apiBase);
    }

    [SslCertFileFact]
    public async Task Make_ca_writes_a_CA_and_with_tls_ca_it_serves_a_certificate_that_a_process_trusting_that_CA_accepts()
    {
        // What CI's Windows legs do through the machine's root store (.ci/add-test-ca.ps1), done here
        // through SSL_CERT_FILE: make-ca's root is the only thing the trusting process is told.
        var folder = Path.Combine(_temp, "ca");
        var (made, madeErrors) = RunToEnd("make-ca", folder);
        Assert.True(made == 0, madeErrors);
        Assert.All(new[] { "ca.pem", "ca.cer", "ca.pfx" }, name => Assert.True(File.Exists(Path.Combine(folder, name)), name));

        var connect = await StartAsync("--tls-ca", Path.Combine(folder, "ca.pfx"));
        var (tokenUri, apiBase) = HttpsUris(connect);
        AssertTrustedOnlyThrough(Path.Combine(folder, "ca.pem"), tokenUri, apiBase);
    }

    [Fact]
    public void A_wrong_option_is_named_and_the_simulator_does_not_start()
    {
        var (code, stderr) = RunToEnd("--rate-limit", "fast");

        Assert.Equal(2, code);
        Assert.Contains("--rate-limit: 'fast'", stderr);
    }

    /// <summary>
    /// A fresh process told nothing fails validation (this test process trusts only its own CA); told
    /// <paramref name="caFile"/> through SSL_CERT_FILE, it connects and uploads.
    /// </summary>
    private static void AssertTrustedOnlyThrough(string caFile, Uri tokenUri, Uri apiBase)
    {
        var (code, untrusted, _) = IsolationHostProcess.RunToEnd("plain", tokenUri, apiBase);
        var trusted = IsolationHostProcess.Run("plain", tokenUri, apiBase, ("SSL_CERT_FILE", caFile));

        Assert.NotEqual(0, code);
        Assert.Contains("does not chain to a root this computer trusts", untrusted);
        Assert.Contains("upload-1=Succeeded", trusted);
    }

    /// <summary>The https:// token and API addresses of a printed Connect-Zoom line.</summary>
    private static (Uri TokenUri, Uri ApiBase) HttpsUris(string connect)
    {
        var match = System.Text.RegularExpressions.Regex.Match(connect, @"-TokenUri (https://127\.0\.0\.1:\d+/oauth/token) -ApiBaseUri (https://127\.0\.0\.1:\d+/v2)$");
        Assert.True(match.Success, connect);
        return (new Uri(match.Groups[1].Value), new Uri(match.Groups[2].Value));
    }

    /// <returns>The Connect-Zoom line the simulator printed.</returns>
    private async Task<string> StartAsync(params string[] options)
    {
        _process = Process.Start(StartInfo(options))!;
        _ = _process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            _printed.Add(line);
            if (line.StartsWith("Connect-Zoom ", StringComparison.Ordinal))
            {
                // Keep reading, or a full pipe would block the simulator.
                _ = _process.StandardOutput.ReadToEndAsync();
                return line;
            }
        }
        throw new Xunit.Sdk.XunitException($"the simulator exited ({_process.ExitCode}) without printing a Connect-Zoom line");
    }

    private static (int Code, string Stderr) RunToEnd(params string[] options)
    {
        using var process = Process.Start(StartInfo(options))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the simulator did not exit");
        _ = stdout.Result;
        return (process.ExitCode, stderr.Result);
    }

    private static ProcessStartInfo StartInfo(string[] options)
    {
        Assert.True(File.Exists(SimulatorDll), "simulator not built: " + SimulatorDll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SimulatorDll);
        foreach (var option in options) start.ArgumentList.Add(option);
        return start;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        // Killed, the simulator cannot delete its throwaway CA's folder (--tls): that is done here.
        foreach (var line in _printed)
            if (System.Text.RegularExpressions.Regex.Match(line, @"SSL_CERT_FILE=(\S+) pwsh") is { Success: true } m && Path.GetDirectoryName(m.Groups[1].Value) is { } folder && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        if (Directory.Exists(_temp)) Directory.Delete(_temp, recursive: true);
    }
}
