using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// The nightly picture sync (Set-ZoomUserPicture -StatePath) over local files of a staff photo's
/// size: a night where nothing changed (the quick check: no picture read) beside the same night with
/// every file hashed (-Checksum) and beside the metadata alone (Import-Csv plus one FileInfo per
/// row), each with the page cache dropped first where the machine allows it; then 1% changed, and the
/// state of 100,000 users loaded and saved. The state file is seeded in its documented format
/// (about_ZoomUsers), as if a first run had uploaded everything.
/// </summary>
internal static class SyncRun
{
    public const int DefaultFileBytes = 300 * 1024;

    public static async Task<List<string>> RunAsync(int rows, int stateUsers, int fileBytes = DefaultFileBytes)
    {
        TimeSpan unchangedRun;
        var misses = new List<string>();
        var dir = Path.Combine(Path.GetTempPath(), "zoomusers-bench-sync-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var csv = Path.Combine(dir, "pictures.csv");
            var state = Path.Combine(dir, "pictures.state");
            var clock = Stopwatch.StartNew();
            var files = WriteFiles(dir, rows, csv, fileBytes, out var digests);
            var total = (double)rows * fileBytes;
            Console.WriteLine($"Nightly sync, nothing changed: {rows:N0} local files of {fileBytes / 1024} KB ({total / 1e9:0.0} GB in all, written in {clock.Elapsed.TotalSeconds:0} s), " +
                              "Import-Csv | Set-ZoomUserPicture -StatePath");
            var canDrop = PageCache.CanDrop();
            Console.WriteLine(canDrop
                ? "  page cache dropped before each cold run (echo 3 > /proc/sys/vm/drop_caches)"
                : "  page cache NOT dropped (needs root on Linux): the cold runs read from the cache");
            await using (var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 1000, RecordRequests = false }))
            using (var module = new HostedModule(sim, 1000))
            {
                SeedState(state, sim.Options.AccountId, files, digests);
                module.Set("csv", csv);
                module.Set("state", state);
                var csvBytes = new FileInfo(csv).Length;
                var stateBytes = new FileInfo(state).Length;
                // Warm-up (JIT) on a small copy, outside the measurement; it reads 500 files and records them elsewhere.
                module.Run("Import-Csv -Path $csv | Select-Object -First 500 | Set-ZoomUserPicture -StatePath ($state + '.warm') | Out-Null");
                module.Run("Import-Csv -Path $csv | Select-Object -First 500 | ForEach-Object { $f = [System.IO.FileInfo]::new($_.PhotoPath); $null = $f.Length, $f.LastWriteTimeUtc }");
                sim.ClearRequests();

                const string metadata = "Import-Csv -Path $csv | ForEach-Object { $f = [System.IO.FileInfo]::new($_.PhotoPath); $null = $f.Length, $f.LastWriteTimeUtc }";
                const string quick = "$s = 0; Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state | ForEach-Object { if ($_.Status -eq 'Skipped') { $s++ } }; $s";
                const string hashed = "$s = 0; Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state -Checksum | ForEach-Object { if ($_.Status -eq 'Skipped') { $s++ } }; $s";
                var metaCold = Measure(module, metadata, drop: canDrop);
                var quickCold = Measure(module, quick, drop: canDrop);
                var metaWarm = Measure(module, metadata, drop: false);
                var quickWarm = Measure(module, quick, drop: false);
                var hashCold = Measure(module, hashed, drop: canDrop);
                var hashWarm = Measure(module, hashed, drop: false);
                unchangedRun = quickWarm.Elapsed;

                string Read(Night n) => $"{n.Io.Read / 1e6,9:N1} MB {n.Io.FromDisk / 1e6,9:N1} MB";
                string Line(string label, Night n, Night baseline) =>
                    $"  {label,-46} {n.Elapsed.TotalSeconds,6:0.00} s {n.Elapsed / baseline.Elapsed,6:0.0}x  {Read(n)}{(n.Skipped is int k ? $", {k:N0} skipped" : "")}";
                Console.WriteLine($"  {"",-46} {"time",6} {"x meta",7} {"read",12} {"from disk",12}");
                Console.WriteLine(Line("cold: Import-Csv + FileInfo per row (meta)", metaCold, metaCold));
                Console.WriteLine(Line("cold: no change, quick check (default)", quickCold, metaCold));
                Console.WriteLine(Line("cold: no change, every file hashed (-Checksum)", hashCold, metaCold));
                Console.WriteLine(Line("warm: Import-Csv + FileInfo per row (meta)", metaWarm, metaWarm));
                Console.WriteLine(Line("warm: no change, quick check (default)", quickWarm, metaWarm));
                Console.WriteLine(Line("warm: no change, every file hashed (-Checksum)", hashWarm, metaWarm));
                Console.WriteLine($"  {sim.ApiRequestCount} requests in all. read = every byte read(2) returned to the process (/proc/self/io rchar): the CSV ({csvBytes / 1e6:0.0} MB),");
                Console.WriteLine($"  the state file ({stateBytes / 1e6:0.0} MB), the runtime's own /proc reads, and the pictures read; from disk = what the disk served (read_bytes).");
                foreach (var n in new[] { quickCold, quickWarm, hashCold, hashWarm })
                    if (n.Skipped != rows) misses.Add($"Sync: {n.Skipped} skipped of {rows} unchanged rows (target all)");
                if (sim.ApiRequestCount != 0) misses.Add($"Sync: {sim.ApiRequestCount} requests for unchanged rows (target 0)");
                foreach (var (label, n, baseline) in new[] { ("cold", quickCold, metaCold), ("warm", quickWarm, metaWarm) })
                    if (n.Elapsed / baseline.Elapsed > 3) misses.Add($"Sync, no change, {label}: {n.Elapsed / baseline.Elapsed:0.0}x Import-Csv + FileInfo (target <= 3x)");
                // Beyond the metadata run's reads, the quick check reads the state file; one picture in a hundred read would be far more.
                var beyond = quickWarm.Io.Read - metaWarm.Io.Read - 2 * stateBytes;
                if (beyond > total / 100)
                    misses.Add($"Sync, no change: {beyond / 1e6:0.0} MB read beyond the metadata run and the state file (target: no picture)");
            }

            // 1% changed, at a Business account's 60/s with 100 ms answers.
            var changed = rows / 100;
            for (var i = 0; i < changed; i++) File.WriteAllBytes(files[i * 100], Jpeg(fileBytes, seed: 1_000_000 + i));
            await using (var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 60, Latency = TimeSpan.FromMilliseconds(100), RecordRequests = false }))
            using (var module = new HostedModule(sim, 60))
            {
                SeedState(state, sim.Options.AccountId, files.Select((f, i) => i % 100 == 0 ? null : f).ToList(), digests);
                module.Set("csv", csv);
                module.Set("state", state);
                sim.ClearRequests();
                var elapsed = Time(() => module.Run("Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state -ThrottleLimit 16 | Out-Null"));
                var atLimit = changed / 60.0;
                // The floor is the slower of the two things the run overlaps: the changed rows at the
                // limit, and going through every row (the nothing-changed run above, warm).
                var floor = Math.Max(atLimit, unchangedRun.TotalSeconds);
                Console.WriteLine($"Nightly sync, 1% changed: {rows:N0} rows, {changed:N0} changed, limit 60/s, 100 ms latency, -RequestsPerSecond 60");
                Console.WriteLine($"  {elapsed.TotalSeconds:0.0} s, {sim.ApiRequestCount} requests; the changed rows alone at the limit take {atLimit:0.0} s ({elapsed.TotalSeconds / atLimit:0.00}x), " +
                                  $"the nothing-changed run {unchangedRun.TotalSeconds:0.0} s; {elapsed.TotalSeconds / floor:0.00}x the slower of the two");
                if (sim.ApiRequestCount != changed) misses.Add($"Sync 1%: {sim.ApiRequestCount} requests for {changed} changed rows");
                if (elapsed.TotalSeconds / floor > 1.25) misses.Add($"Sync 1%: {elapsed.TotalSeconds / floor:0.00}x the slower of its uploads at the limit and its reading (target <= 1.25x)");
            }

            // Load and save of a large state: one row, against a state of stateUsers users.
            if (stateUsers > 0)
            {
                await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 1000, RecordRequests = false });
                using var module = new HostedModule(sim, 1000);
                var big = Path.Combine(dir, "big.state");
                SeedSynthetic(big, sim.Options.AccountId, stateUsers);
                module.Set("photo", Jpeg(2048, seed: 7));
                module.Set("state", big);
                module.Run("Set-ZoomUserPicture -UserId warm@example.com -ImageData $photo -StatePath ($state + '.warm') | Out-Null");
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                using var sampler = new WorkingSetSampler();
                var before = sampler.Sample();
                var elapsed = Time(() => module.Run("Set-ZoomUserPicture -UserId new@example.com -ImageData $photo -StatePath $state | Out-Null"));
                var growth = (sampler.Peak - before) / 1048576.0;
                var size = new FileInfo(big).Length / 1048576.0;
                var lines = File.ReadLines(big).Count();
                Console.WriteLine($"State of {stateUsers:N0} users ({size:0.0} MB file): load, one upload, save: {elapsed.TotalMilliseconds:N0} ms, working set growth {growth:0.0} MB, {lines - 2:N0} records after");
                if (growth >= 50) misses.Add($"State: {growth:0.0} MB growth for {stateUsers:N0} users (target < 50 MB)");
                if (lines - 2 != stateUsers + 1) misses.Add($"State: {lines - 2} records after saving {stateUsers + 1}");
            }
            Console.WriteLine();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return misses;
    }

    private static TimeSpan Time(Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed;
    }

    private readonly record struct Night(TimeSpan Elapsed, ProcessIo Io, int? Skipped);

    private static Night Measure(HostedModule module, string script, bool drop)
    {
        if (drop) PageCache.Drop();
        GC.Collect();
        var before = ProcessIo.Now();
        List<System.Management.Automation.PSObject> output = null!;
        var elapsed = Time(() => output = module.Run(script));
        var read = ProcessIo.Now() - before;
        return new Night(elapsed, read, output.Count == 1 && output[0].BaseObject is int n ? n : null);
    }

    /// <summary>Picture files (each its own bytes) and the CSV listing them; the digests as written, so seeding reads nothing back.</summary>
    private static List<string> WriteFiles(string dir, int rows, string csv, int fileBytes, out List<string> digests)
    {
        var files = new List<string>(rows);
        digests = new List<string>(rows);
        var written = DateTime.UtcNow.AddDays(-1); // a photo share's files were written before the night
        using var list = new StreamWriter(csv);
        list.WriteLine("Email,PhotoPath");
        for (var i = 0; i < rows; i++)
        {
            var file = Path.Combine(dir, $"u{i}.jpg");
            var bytes = Jpeg(fileBytes, seed: i);
            File.WriteAllBytes(file, bytes);
            File.SetLastWriteTimeUtc(file, written);
            files.Add(file);
            digests.Add(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
            list.WriteLine($"u{i}@example.com,{file}");
        }
        return files;
    }

    /// <summary>The state a first run would have left: every file (null: none for that row) recorded as uploaded, with its path, size and time.</summary>
    private static void SeedState(string path, string account, IReadOnlyList<string?> files, List<string> digests)
    {
        var records = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i] is not string file) continue;
            var info = new FileInfo(file);
            records.Add(Record(account, $"u{i}@example.com", digests[i]).TrimEnd('}') +
                        $",\"path\":{System.Text.Json.JsonSerializer.Serialize(file)},\"size\":{info.Length},\"modified\":\"{info.LastWriteTimeUtc:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}\"}}");
        }
        WriteState(path, records);
    }

    private static void SeedSynthetic(string path, string account, int users) =>
        WriteState(path, Enumerable.Range(0, users).Select(i =>
            Record(account, $"user{i:D6}@contoso-example.com", Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(i))).ToLowerInvariant())).ToList());

    private static string Record(string account, string user, string sha) =>
        $"{{\"account\":\"{account}\",\"user\":\"{user}\",\"sha256\":\"{sha}\",\"uploaded\":\"2026-05-01T02:00:00Z\"}}";

    private static void WriteState(string path, List<string> records)
    {
        using var w = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        w.WriteLine("{\"format\":\"ZoomUsers.PictureState\",\"version\":1,\"written\":\"2026-05-01T02:00:00Z\"}");
        foreach (var r in records) w.WriteLine(r);
        w.WriteLine($"{{\"end\":true,\"records\":{records.Count}}}");
    }

    private static byte[] Jpeg(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }
}
