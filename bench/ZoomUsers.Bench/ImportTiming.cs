using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ZoomUsers.Bench;

/// <summary>
/// Import-Module in a new process, the only way to be truly cold: the bench starts itself with
/// <c>--import-only</c>, which opens a runspace and times two imports.
/// </summary>
internal static class ImportTiming
{
    public const string ChildFlag = "--import-only";

    /// <summary>
    /// In the child, "cold": the first Import-Module the process ever runs. "warmed": an empty script
    /// module is imported first (timed too), then ZoomUsers; the difference between the two cold
    /// figures is PowerShell's own first-import cost, which a pwsh session has paid at startup.
    /// Prints the timings in milliseconds, one per line.
    /// </summary>
    public static int RunChild(string mode)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        if (mode == "warmed")
        {
            var empty = Path.Combine(Path.GetTempPath(), $"zoomusers-bench-empty-{Environment.ProcessId}.psm1");
            File.WriteAllText(empty, "function Get-Nothing { }");
            Console.WriteLine(Time(runspace, empty).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
            File.Delete(empty);
        }
        Console.WriteLine(Time(runspace, RepoPaths.ModuleManifest).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    private static double Time(Runspace runspace, string module)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Import-Module -Name $args[0] -ErrorAction Stop").AddArgument(module);
        var clock = Stopwatch.StartNew();
        ps.Invoke();
        clock.Stop();
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("; ", ps.Streams.Error));
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>In the parent: one new process per measurement.</summary>
    public static double[] MeasureInNewProcess(string mode)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Launched through the dotnet host (dotnet ZoomUsers.Bench.dll), the child must be too.
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(ImportTiming).Assembly.Location);
        start.ArgumentList.Add(ChildFlag);
        start.ArgumentList.Add(mode);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        var error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The import child failed ({child.ExitCode}): {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
