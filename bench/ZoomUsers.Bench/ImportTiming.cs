using System.Diagnostics;
using System.Globalization;

namespace ZoomUsers.Bench;

/// <summary>
/// Import-Module as a user meets it: in real <c>pwsh -NoProfile</c> processes, each new, so every one
/// is cold. A bare start (<c>-Command exit</c>) and a start that imports the built module alternate, so
/// both see the same machine; the import process also times Import-Module itself with a stopwatch.
/// </summary>
internal sealed class ImportTiming
{
    private readonly string _host;
    private readonly string[] _hostArguments;

    private ImportTiming(string host, string[] hostArguments)
    {
        _host = host;
        _hostArguments = hostArguments;
    }

    /// <summary>What was started, for the report: the pwsh version and how it was launched.</summary>
    public string Description { get; private set; } = "";

    /// <summary>
    /// <paramref name="pwsh"/> is a pwsh executable or pwsh.dll; null means the PowerShell that the
    /// repository's tool manifest pins (<c>dotnet tool restore</c> first), started as that tool starts
    /// it, <c>dotnet pwsh.dll</c>, without the tool shim's own extra process in between.
    /// </summary>
    public static ImportTiming Create(string? pwsh)
    {
        pwsh ??= Path.Combine(AskToolForPsHome(), "pwsh.dll");
        var timing = pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ImportTiming("dotnet", new[] { pwsh })
            : new ImportTiming(pwsh, Array.Empty<string>());
        var version = timing.Run("$PSVersionTable.PSVersion.ToString()").Output.Trim();
        timing.Description = $"pwsh {version} ({string.Join(" ", timing._hostArguments.Prepend(timing._host))})";
        return timing;
    }

    /// <summary>Wall-clock milliseconds of one bare start: the baseline every import is compared with.</summary>
    public double MeasureBareStart() => Run("exit").Milliseconds;

    /// <summary>Wall-clock milliseconds of a start that imports the module, and Import-Module's own time inside it.</summary>
    public (double Process, double ImportModule) MeasureImport() => MeasureImportOf(RepoPaths.ModuleManifest);

    /// <summary>
    /// The same for an empty script module: pwsh's own first-import cost (its module machinery loads on
    /// the first Import-Module), which any module pays and ZoomUsers' figure includes.
    /// </summary>
    public (double Process, double ImportModule) MeasureEmptyModuleImport()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"zoomusers-bench-empty-{Environment.ProcessId}.psm1");
        File.WriteAllText(empty, "function Get-Nothing { }");
        try
        {
            return MeasureImportOf(empty);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    private (double Process, double ImportModule) MeasureImportOf(string module)
    {
        var path = module.Replace("'", "''");
        var run = Run($"$c = [System.Diagnostics.Stopwatch]::StartNew(); Import-Module -Name '{path}' -ErrorAction Stop; $c.Stop(); $c.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)");
        return (run.Milliseconds, double.Parse(run.Output.Trim(), CultureInfo.InvariantCulture));
    }

    private (double Milliseconds, string Output) Run(string command) =>
        Execute(_host, _hostArguments.Concat(new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command }));

    private static string AskToolForPsHome()
    {
        try
        {
#pragma warning disable CA1861 // Runs once per bench run: a static field for its arguments would save nothing.
            return Execute("dotnet", new[] { "tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME" }).Output.Trim();
#pragma warning restore CA1861
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"The pinned pwsh did not start: run 'dotnet tool restore' first, or pass --pwsh PATH. {e.Message}", e);
        }
    }

    /// <summary>Runs a process from the repository root to its end (two minutes at most), timed from start to exit.</summary>
    private static (double Milliseconds, string Output) Execute(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No telemetry, no update check: neither may reach for the network, and both cost start time.
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(120_000))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in two minutes.");
        }
        clock.Stop();
        if (child.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({child.ExitCode}): {error.Result}");
        return (clock.Elapsed.TotalMilliseconds, output.Result);
    }
}
