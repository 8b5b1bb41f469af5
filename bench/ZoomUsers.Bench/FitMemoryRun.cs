using System.Diagnostics;
using System.Globalization;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// Set-ZoomUserPicture -Fit's memory against its baseline, each run in a fresh process of the same
/// kind (this bench, hosting PowerShell and the module, as a runbook worker does; the simulator runs
/// here, outside it): N rows of a 4000 x 3000 camera photo with -Fit, and N rows of a 2 MiB picture
/// without -Fit, with defaults, against a simulator at 100/s. Prints each process's peak resident
/// set (the kernel's own high-water mark), their difference (target: -Fit at most 64 MiB above) and
/// how -Fit's peak moves with the row count (target: it does not grow).
/// </summary>
internal static class FitMemoryRun
{
    public const string ChildFlag = "--fit-memory-child";
    private const double DifferenceTargetMiB = 64;
    private const double GrowthTargetMiB = 32;
    /// <summary>User ids cycle, so the simulator's store of pictures stays the same size whatever the row count.</summary>
    private const int Users = 200;

    private const string Script = @"
        $global:ok = 0; $global:failed = 0; $n = $args[0]; $users = $args[1]; $fit = @{ Fit = [bool]$args[2] }
        1..$n | ForEach-Object { [pscustomobject]@{ UserId = ""f$($_ % $users)@example.com""; Path = $picture } } |
            Set-ZoomUserPicture @fit -ErrorAction SilentlyContinue |
            ForEach-Object { if ($_.Status -eq 'Succeeded') { $global:ok++ } else { $global:failed++ } }
        $global:ok; $global:failed";

    public static async Task<List<string>> RunAsync(IReadOnlyList<int> rowCounts)
    {
        var misses = new List<string>();
        var folder = Directory.CreateTempSubdirectory("zoomusers-fit-memory").FullName;
        try
        {
            var camera = Path.Combine(folder, "camera.jpg");
            File.WriteAllBytes(camera, FitRun.CameraJpeg());
            var twoMiB = Path.Combine(folder, "two-mib.jpg");
            var bytes = new byte[2 * 1024 * 1024];
            new Random(2).NextBytes(bytes);
            bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
            File.WriteAllBytes(twoMiB, bytes);
            await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 100, RecordRequests = false });
            Console.WriteLine($"-Fit memory: each run a fresh process hosting PowerShell and the module (defaults; simulator at 100/s in the bench process); peak = the process's VmHWM.");
            double? firstFitPeak = null;
            foreach (var rows in rowCounts)
            {
                var plain = Child(sim, twoMiB, rows, fit: false);
                var fit = Child(sim, camera, rows, fit: true);
                var difference = fit.PeakMiB - plain.PeakMiB;
                Console.WriteLine($"  {rows,5:N0} rows: without -Fit, 2 MiB pictures: peak {plain.PeakMiB:0} MiB ({plain.Ok:N0} ok, {plain.Seconds:0} s); " +
                                  $"-Fit, camera photos ({new FileInfo(camera).Length / 1048576.0:0.0} MiB, 4000 x 3000): peak {fit.PeakMiB:0} MiB ({fit.Ok:N0} ok, {fit.Seconds:0} s); " +
                                  $"difference {difference:+0;-0} MiB (target <= {DifferenceTargetMiB:0})");
                if (difference > DifferenceTargetMiB) misses.Add($"-Fit memory at {rows:N0} rows: {difference:0} MiB above the run without -Fit (target <= {DifferenceTargetMiB:0})");
                if (plain.Ok != rows || fit.Ok != rows) misses.Add($"-Fit memory at {rows:N0} rows: {rows - plain.Ok} rows without -Fit and {rows - fit.Ok} with it did not succeed");
                if (firstFitPeak is double first)
                {
                    var growth = fit.PeakMiB - first;
                    Console.WriteLine($"         -Fit peak from {rowCounts[0]:N0} to {rows:N0} rows: {growth:+0;-0} MiB (target: no growth, within {GrowthTargetMiB:0} MiB)");
                    if (growth > GrowthTargetMiB) misses.Add($"-Fit memory: the peak grew {growth:0} MiB from {rowCounts[0]:N0} to {rows:N0} rows");
                }
                firstFitPeak ??= fit.PeakMiB;
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Console.WriteLine();
        return misses;
    }

    internal sealed record ChildOutcome(double PeakMiB, int Ok, double Seconds);

    internal static ChildOutcome Child(ZoomSimulator sim, string picture, int rows, bool fit)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(FitMemoryRun).Assembly.Location, ChildFlag, fit ? "fit" : "plain", rows.ToString(CultureInfo.InvariantCulture), picture,
                     sim.TokenUri.ToString(), sim.ApiBaseUri.ToString(), sim.Options.AccountId, sim.Options.ClientId })
            start.ArgumentList.Add(a);
        // The secret goes by the environment, not the command line other users of the machine can read.
        start.Environment["ZOOMUSERS_BENCH_SECRET"] = sim.Options.ClientSecret;
        // A sandbox's memory limit for the child alone (the simulator in this process keeps every user's
        // picture): .NET gives a container limited to 400 MB a GC heap limit of 75%, 300 MiB.
        if (Environment.GetEnvironmentVariable("ZOOMUSERS_BENCH_CHILD_GCHEAPHARDLIMIT") is { Length: > 0 } limit)
            start.Environment["DOTNET_GCHeapHardLimit"] = limit;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var line = stdout.Result.Split('\n').LastOrDefault(l => l.StartsWith("peak=", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line == null)
            throw new InvalidOperationException($"The -Fit memory child failed ({process.ExitCode}): {stdout.Result} {stderr.Result}");
        var facts = line.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        return new ChildOutcome(long.Parse(facts["peak"], CultureInfo.InvariantCulture) / 1048576.0, int.Parse(facts["ok"], CultureInfo.InvariantCulture),
            double.Parse(facts["seconds"], CultureInfo.InvariantCulture));
    }

    /// <summary>In the child: one pipeline, then "peak=BYTES ok=N failed=N seconds=S".</summary>
    public static int RunChild(string[] args)
    {
        var (fit, rows, picture) = (args[1] == "fit", int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
        using var module = new HostedModule(new Uri(args[4]), new Uri(args[5]), args[6], args[7], Environment.GetEnvironmentVariable("ZOOMUSERS_BENCH_SECRET") ?? "", null);
        module.Set("picture", picture);
        var clock = Stopwatch.StartNew();
        var counts = module.Run(Script, rows, Users, fit);
        clock.Stop();
        Console.WriteLine(FormattableString.Invariant($"peak={PeakResident()} ok={(int)counts[0].BaseObject} failed={(int)counts[1].BaseObject} seconds={clock.Elapsed.TotalSeconds:0.0}"));
        return 0;
    }

    /// <summary>Linux's VmHWM (the most this process ever had resident); elsewhere the runtime's peak working set.</summary>
    private static long PeakResident()
    {
        if (OperatingSystem.IsLinux())
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
