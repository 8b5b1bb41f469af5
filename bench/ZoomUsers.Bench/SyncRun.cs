using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// The nightly picture sync (Set-ZoomUserPicture -StatePath) over local files: nothing changed, 1%
/// changed, and the state of 100,000 users loaded and saved. The state file is seeded in its
/// documented format (about_ZoomUsers), as if a first run had uploaded everything.
/// </summary>
internal static class SyncRun
{
    private const int FileBytes = 2048;

    public static async Task<List<string>> RunAsync(int rows, int stateUsers)
    {
        TimeSpan unchangedRun;
        var misses = new List<string>();
        var dir = Path.Combine(Path.GetTempPath(), "zoomusers-bench-sync-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var csv = Path.Combine(dir, "pictures.csv");
            var state = Path.Combine(dir, "pictures.state");
            var files = WriteFiles(dir, rows, csv);
            await using (var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 1000, RecordRequests = false }))
            using (var module = new HostedModule(sim, 1000))
            {
                SeedState(state, sim.Options.AccountId, files, rows);
                module.Set("csv", csv);
                module.Set("state", state);
                // Warm-up (JIT, file cache) on a small copy, outside the measurement.
                module.Run("Import-Csv -Path $csv | Select-Object -First 500 | Set-ZoomUserPicture -StatePath ($state + '.warm') | Out-Null");

                var baseline = Time(() => module.Run("Import-Csv -Path $csv | ForEach-Object { $_ } | Out-Null"));
                sim.ClearRequests();
                GC.Collect();
                using var sampler = new WorkingSetSampler();
                var before = sampler.Sample();
                List<System.Management.Automation.PSObject> counts = null!;
                var elapsed = Time(() => counts = module.Run("$s = 0; Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state | ForEach-Object { if ($_.Status -eq 'Skipped') { $s++ } }; $s"));
                var skipped = (int)counts[0].BaseObject;
                unchangedRun = elapsed;
                var growth = (sampler.Peak - before) / 1048576.0;
                Console.WriteLine($"Nightly sync, nothing changed: {rows:N0} local files of {FileBytes / 1024} KB, Import-Csv | Set-ZoomUserPicture -StatePath");
                Console.WriteLine($"  {elapsed.TotalSeconds:0.0} s, {rows / elapsed.TotalSeconds:N0} rows/s, {skipped:N0} skipped, {sim.ApiRequestCount} requests; " +
                                  $"Import-Csv alone {rows / baseline.TotalSeconds:N0} rows/s ({elapsed / baseline:0.0}x its time); working set growth {growth:0.0} MB");
                if (sim.ApiRequestCount != 0 || skipped != rows) misses.Add($"Sync: {sim.ApiRequestCount} requests and {skipped} skipped of {rows} unchanged rows (target 0 and all)");
            }

            // 1% changed, at a Business account's 60/s with 100 ms answers.
            var changed = rows / 100;
            for (var i = 0; i < changed; i++) File.WriteAllBytes(files[i * 100], Jpeg(FileBytes, seed: 1_000_000 + i));
            await using (var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 60, Latency = TimeSpan.FromMilliseconds(100), RecordRequests = false }))
            using (var module = new HostedModule(sim, 60))
            {
                SeedState(state, sim.Options.AccountId, files.Select((f, i) => i % 100 == 0 ? null : f).ToList(), rows);
                module.Set("csv", csv);
                module.Set("state", state);
                sim.ClearRequests();
                var elapsed = Time(() => module.Run("Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state -ThrottleLimit 16 | Out-Null"));
                var atLimit = changed / 60.0;
                // The floor is the slower of the two things the run overlaps: the changed rows at the
                // limit, and reading and hashing every row (the nothing-changed run above).
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
                module.Set("photo", Jpeg(FileBytes, seed: 7));
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

    private static List<string> WriteFiles(string dir, int rows, string csv)
    {
        var files = new List<string>(rows);
        using var list = new StreamWriter(csv);
        list.WriteLine("Email,PhotoPath");
        for (var i = 0; i < rows; i++)
        {
            var file = Path.Combine(dir, $"u{i}.jpg");
            File.WriteAllBytes(file, Jpeg(FileBytes, seed: i));
            files.Add(file);
            list.WriteLine($"u{i}@example.com,{file}");
        }
        return files;
    }

    /// <summary>The state a first run would have left: every file (null: none for that row) recorded as uploaded.</summary>
    private static void SeedState(string path, string account, IReadOnlyList<string?> files, int rows)
    {
        var records = new List<string>();
        for (var i = 0; i < rows; i++)
        {
            if (files[i] is not string file) continue;
            records.Add(Record(account, $"u{i}@example.com", Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant()));
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
