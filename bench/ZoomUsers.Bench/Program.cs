using System.Globalization;
using System.Runtime.InteropServices;
using ZoomUsers.Bench;
using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Tls;

// Usage: dotnet run -c Release --project bench/ZoomUsers.Bench [-- options]
//   Defaults-only scenarios (no -RequestsPerSecond, no -ThrottleLimit), the peer baseline, picture sync,
//   memory and import timing run unless skipped:
//   --defaults-rows N  (default 3000; 0 skips)  rows per defaults-only scenario at least  --peer-rows N (default 300)
//   --defaults-seconds S (default 150; 0: N rows each)  or the rows the scenario's limit serves in S seconds, if more
//   --only TEXT        only the defaults-only scenarios whose label ("Pro 20/s 150 ms headers all|429s|none", "... TLS",
//                      "... bad day") contains TEXT; several TEXTs separated by '|' (quote them): any of them
//   --sequential       run the defaults-only scenarios one after another (default: side by side, each its own simulator)
//   --scenario NAME,LIMIT,LATENCY_MS,ROWS,THROTTLE,ROWS_ONE_AT_A_TIME   (repeatable) the fixed-rate table:
//                      Connect-Zoom -RequestsPerSecond = LIMIT, -ThrottleLimit THROTTLE, against -ThrottleLimit 1
//   --memory-rows N    (default 100000; 0 skips)      --import-runs N   (default 9; 0 skips)
//   --sync-rows N      (default 20000; 0 skips)       --state-users N   (default 100000; 0 skips)
//   --sync-file-kb N   (default 300) picture size for the sync figures; rows x size is written to the temp folder
//   --only-sync        (the picture-sync figures alone)
//   --pwsh PATH        pwsh or pwsh.dll for the import timing (default: the tool manifest's, after dotnet tool restore)
//   --import-only      (the import timing alone)
//   --fit              (the -Fit figures, as well)    --only-fit (the -Fit figures alone)
//   --fit-photos N     (default 10: photos per decode mode for the CPU figure)  --fit-rows N (default 3000: the Business run)
//   --bad-day-rounds PICTURES,PASSWORDS[,MAXRETRY]  (issue 25: both cmdlets on a bad day, every row Succeeded; e.g. 10000,2000;
//                      MAXRETRY: Connect-Zoom -MaxRetryCount, default 5; off unless given)
//   --only-bad-day-rounds PICTURES,PASSWORDS[,MAXRETRY]  (those figures alone)
//   --fit-memory-rows N,M  (default 100,5000; 0 skips) -Fit over camera photos against 2 MiB pictures without -Fit, a fresh process each
//   --only-picture-memory N,M  2 MiB pictures against 8x8 JPEGs, without and with -Fit (just under 2 MiB), a fresh process each; alone
//   --picture-memory-rate R (default 100)  --picture-memory-latency-ms MS (default 40)  --picture-memory-no-fit (without -Fit only)
//   --picture-memory-fit-only (-Fit only)
//   --look-rows N      (default 3000; 0 skips) Business (Medium 60/s, Light 80/s, 150 ms): plain, -NoClobber and -BackupPath runs
//   --only-look        (those figures alone)

// A FitMemoryRun child measures one run in a fresh process and makes no TLS connection.
if (args.Length > 0 && args[0] == FitMemoryRun.ChildFlag) return FitMemoryRun.RunChild(args);

// First, before anything builds a certificate chain: this process trusts a throwaway CA for the TLS
// scenario, through SSL_CERT_FILE (read once per process; ProcessTrust says why it must be first).
using var benchCa = new ThrowawayCa("ZoomUsers benchmark throwaway CA");
ProcessTrust.Trust(benchCa);

var scenarios = new List<Scenario>();
var memoryRows = 100_000;
var importRuns = 9;
var syncRows = 20_000;
var syncFileKb = SyncRun.DefaultFileBytes / 1024;
var stateUsers = 100_000;
var onlySync = false;
string? pwsh = null;
var defaultsRows = 3000;
var defaultsSeconds = 150.0;
var peerRows = 300;
var sequential = false;
string? only = null;
var fit = false;
var fitPhotos = 10;
var fitRows = 3000;
(int Pictures, int Passwords, int MaxRetryCount)? badDayRounds = null;
var fitMemoryRows = new[] { 100, 5000 };
int[]? pictureMemoryRows = null;
var pictureMemoryRate = 100.0;
var pictureMemoryLatency = TimeSpan.FromMilliseconds(40);
var pictureMemoryKinds = PictureMemoryKinds.WithoutFit | PictureMemoryKinds.Fit;
var lookRows = 3000;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scenario":
            var f = args[++i].Split(',');
            scenarios.Add(new Scenario(f[0], double.Parse(f[1], CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(double.Parse(f[2], CultureInfo.InvariantCulture)),
                int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture)));
            break;
        case "--memory-rows": memoryRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--import-runs": importRuns = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--sync-rows": syncRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--sync-file-kb": syncFileKb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--state-users": stateUsers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only-sync": onlySync = true; break;
        case "--pwsh": pwsh = args[++i]; break;
        case "--import-only": defaultsRows = 0; memoryRows = 0; syncRows = 0; lookRows = 0; break;
        case "--defaults-rows": defaultsRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--defaults-seconds": defaultsSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--peer-rows": peerRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--sequential": sequential = true; break;
        case "--only": only = args[++i]; break;
        case "--fit": fit = true; break;
        case "--only-fit": fit = true; defaultsRows = 0; memoryRows = 0; syncRows = 0; importRuns = 0; lookRows = 0; break;
        case "--fit-photos": fitPhotos = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--fit-rows": fitRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--bad-day-rounds":
        case "--only-bad-day-rounds":
            if (args[i] == "--only-bad-day-rounds") { defaultsRows = 0; memoryRows = 0; syncRows = 0; importRuns = 0; lookRows = 0; }
            var counts = args[++i].Split(',');
            badDayRounds = (int.Parse(counts[0], CultureInfo.InvariantCulture), int.Parse(counts[1], CultureInfo.InvariantCulture), counts.Length > 2 ? int.Parse(counts[2], CultureInfo.InvariantCulture) : 5);
            break;
        case "--look-rows": lookRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--only-look": defaultsRows = 0; memoryRows = 0; syncRows = 0; importRuns = 0; fit = false; break;
        case "--fit-memory-rows": fitMemoryRows = args[++i].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).Where(n => n > 0).ToArray(); break;
        case "--only-picture-memory":
            pictureMemoryRows = args[++i].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).Where(n => n > 0).ToArray();
            defaultsRows = 0; memoryRows = 0; syncRows = 0; importRuns = 0; lookRows = 0;
            break;
        case "--picture-memory-rate": pictureMemoryRate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--picture-memory-latency-ms": pictureMemoryLatency = TimeSpan.FromMilliseconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--picture-memory-no-fit": pictureMemoryKinds = PictureMemoryKinds.WithoutFit; break;
        case "--picture-memory-fit-only": pictureMemoryKinds = PictureMemoryKinds.Fit; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}
if (onlySync)
{
    scenarios.Clear();
    defaultsRows = 0;
}

#if DEBUG
Console.WriteLine("WARNING: Debug build; figures are only meaningful with -c Release.");
#endif
Console.WriteLine($"ZoomUsers benchmark: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                  $"PowerShell {typeof(System.Management.Automation.PowerShell).Assembly.GetName().Version} hosted, module {RepoPaths.ModuleManifest}");
if (defaultsRows > 0 || scenarios.Count > 0 || memoryRows > 0)
    Console.WriteLine("Each run: rows streamed into Set-ZoomUserPicture (1 KB JPEG), results consumed as they come.");
Console.WriteLine();

var misses = new List<string>();
if (defaultsRows > 0 || scenarios.Count > 0 || syncRows > 0 || lookRows > 0)
{
    // JIT, connection pools and the simulator warm up here, outside every measurement.
    await using (var warmSim = await ZoomSimulator.StartAsync(new SimulatorOptions { RecordRequests = false }))
    using (var warm = new HostedModule(warmSim, 1000))
        BulkRun.Run(warmSim, warm, 1000, 16);
}

if (defaultsRows > 0)
    misses.AddRange(await DefaultsTable.RunAsync(defaultsRows, defaultsSeconds, peerRows, sequential, only, benchCa));

if (scenarios.Count > 0)
{
    Console.WriteLine("Throughput at a fixed -RequestsPerSecond (= the server's limit) and -ThrottleLimit");
    Console.WriteLine($"{"scenario",-11} {"limit/s",7} {"latency",8} {"TL",3} {"rows",6} {"rows/s",8} {"bound",7} {"of bound",8} {"TL1 rows/s",10} {"x TL1",6} {"429s",6} {"max/1s",6} {"failed",6}");
    foreach (var s in scenarios)
    {
        var parallel = await MeasureAsync(s, s.Rows, s.ThrottleLimit);
        var one = await MeasureAsync(s, s.RowsOneAtATime, 1);
        var ofBound = parallel.RowsPerSecond / s.PhysicalBound;
        Console.WriteLine($"{s.Name,-11} {s.ServerLimit,7:0.#} {s.Latency.TotalMilliseconds,5:0} ms {s.ThrottleLimit,3} {s.Rows,6} {parallel.RowsPerSecond,8:0.0} {s.PhysicalBound,7:0.0} " +
                          $"{ofBound,8:0.00} {one.RowsPerSecond,10:0.0} {parallel.RowsPerSecond / one.RowsPerSecond,6:0.0} {parallel.Share429,6:0.0%} {parallel.MaxAcceptedInOneSecond,6} {parallel.Failed + one.Failed,6}");
        if (ofBound < 0.9) misses.Add($"{s.Name}: {ofBound:0.00} of the bound (target >= 0.90)");
        if (parallel.Share429 > 0.01) misses.Add($"{s.Name}: {parallel.Share429:0.0%} of requests answered 429 (target <= 1%)");
        if (parallel.Failed + one.Failed > 0) misses.Add($"{s.Name}: {parallel.Failed + one.Failed} failed rows (target 0)");
    }
    Console.WriteLine("  bound = min(server limit, ThrottleLimit / latency); TL1 = the same pipeline with -ThrottleLimit 1, i.e. one request at a time;");
    Console.WriteLine("  429s = share of API requests refused; max/1s = most requests the server accepted in any one-second window.");
    Console.WriteLine();
}

if (syncRows > 0)
    misses.AddRange(await SyncRun.RunAsync(syncRows, stateUsers, syncFileKb * 1024));

if (lookRows > 0 && !onlySync)
    misses.AddRange(await LookRun.RunAsync(lookRows));

if (fit)
    misses.AddRange(await FitRun.RunAsync(fitPhotos, fitRows));
if (fit && fitMemoryRows.Length > 0)
    misses.AddRange(await FitMemoryRun.RunAsync(fitMemoryRows));

if (pictureMemoryRows is { Length: > 0 })
    misses.AddRange(await PictureMemoryRun.RunAsync(pictureMemoryRows, pictureMemoryRate, pictureMemoryLatency, pictureMemoryKinds));

if (badDayRounds is { } badDay)
    misses.AddRange(await SecondRoundRun.RunAsync(badDay.Pictures, badDay.Passwords, badDay.MaxRetryCount));

if (memoryRows > 0 && !onlySync)
{
    // Ids cycle over 1,000 users so the in-process simulator's store does not grow with the row count;
    // what grows, if anything, is the module and the PowerShell pipeline.
    await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 1000, RecordRequests = false });
    using var module = new HostedModule(sim, 1000);
    BulkRun.Run(sim, module, 2000, 16, 1000);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    using var sampler = new WorkingSetSampler();
    var baseline = sampler.Sample();
    var outcome = BulkRun.Run(sim, module, memoryRows, 16, 1000);
    var peak = sampler.Peak;
    var growthMb = (peak - baseline) / 1048576.0;
    Console.WriteLine($"Memory: {memoryRows:N0} rows, zero latency, limit 1000/s, -ThrottleLimit 16: {outcome.RowsPerSecond:0} rows/s, {outcome.Failed} failed;");
    Console.WriteLine($"  working set before {baseline / 1048576.0:0} MB, peak {peak / 1048576.0:0} MB, growth {growthMb:0.0} MB (in-process simulator included)");
    Console.WriteLine();
    if (growthMb >= 50) misses.Add($"Memory: {growthMb:0.0} MB growth over {memoryRows:N0} rows (target < 50 MB)");
    if (outcome.Failed > 0) misses.Add($"Memory: {outcome.Failed} failed rows");
}

if (importRuns > 0 && !onlySync)
{
    // Bare starts, empty-module starts and ZoomUsers starts alternate, so all see the same machine.
    var timing = ImportTiming.Create(pwsh);
    var bare = new List<double>();
    var emptyProcess = new List<double>();
    var emptyImport = new List<double>();
    var process = new List<double>();
    var import = new List<double>();
    for (var run = 0; run < importRuns; run++)
    {
        bare.Add(timing.MeasureBareStart());
        var (emptyWall, emptyImportModule) = timing.MeasureEmptyModuleImport();
        emptyProcess.Add(emptyWall);
        emptyImport.Add(emptyImportModule);
        var (wall, importModule) = timing.MeasureImport();
        process.Add(wall);
        import.Add(importModule);
    }
    static string Runs(List<double> values) => string.Join(", ", values.Select(x => x.ToString("0", CultureInfo.InvariantCulture)));
    Console.WriteLine($"Import-Module in real pwsh, a new -NoProfile process each time ({importRuns} runs, medians): {timing.Description}");
    Console.WriteLine($"  bare pwsh start (-Command exit):                    {Median(bare),5:0} ms  [{Runs(bare)}]");
    Console.WriteLine($"  start that imports an empty script module:         {Median(emptyProcess),5:0} ms  (+{Median(emptyProcess) - Median(bare):0} ms; Import-Module inside: {Median(emptyImport):0} ms)");
    Console.WriteLine($"  start that imports ZoomUsers:                      {Median(process),5:0} ms  (+{Median(process) - Median(bare):0} ms, {Median(process) / Median(bare):0.00} x bare)");
    Console.WriteLine($"  Import-Module ZoomUsers, timed inside pwsh:        {Median(import),5:0} ms  [{Runs(import)}]");
    Console.WriteLine($"  ZoomUsers beyond pwsh's own first import (inside): {Median(import) - Median(emptyImport),5:0} ms");
    Console.WriteLine();
    if (Median(import) >= 300) misses.Add($"Import: {Median(import):0} ms inside pwsh (target < 300 ms)");
}

Console.WriteLine(misses.Count == 0 ? "All targets met." : "Targets missed:\n  " + string.Join("\n  ", misses));
return 0;

static async Task<BulkOutcome> MeasureAsync(Scenario s, int rows, int throttleLimit)
{
    // A fresh server and session per run: neither the server's bucket nor the client's learned
    // pace carries over from the previous run.
    await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = s.ServerLimit, Latency = s.Latency, RecordRequests = false });
    using var module = new HostedModule(sim, s.ServerLimit);
    return BulkRun.Run(sim, module, rows, throttleLimit);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
