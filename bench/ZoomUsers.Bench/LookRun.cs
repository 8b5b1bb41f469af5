using System.Diagnostics;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// Look before you change, at Business limits (Medium 60/s for uploads, Light 80/s for GET /users/{id},
/// 150 ms on every API answer), defaults otherwise: the same picture rows plain, with -NoClobber (users
/// without a picture, so every row is looked up, then uploaded) and with -BackupPath into an empty temp
/// folder (users with a picture, so every row is looked up, its picture downloaded from pic_url and
/// saved, then uploaded), once more with pic_url answering after 150 ms as well. Each run gets a fresh simulator and session; the figure is uploads/s over
/// the Medium limit, and each looking run against the plain one of the same bench run.
/// </summary>
internal static class LookRun
{
    private const double Medium = 60;
    private const double Light = 80;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(150);

    private enum Mode
    {
        Plain,
        NoClobber,
        Backup,
        /// <summary>-BackupPath with pic_url answering after the API's latency too (a far picture host).</summary>
        BackupFarHost,
    }

    private sealed record Figures(Mode Mode, int Rows, int Succeeded, int Other, TimeSpan Elapsed, int Uploads, int Lookups, int Refused429, int BackupFiles)
    {
        public double UploadsPerSecond => Uploads / Elapsed.TotalSeconds;
        public double OfLimit => UploadsPerSecond / Medium;
    }

    // $args: rows, extra Set-ZoomUserPicture parameters (a hashtable). Writes: succeeded, any other status.
    private const string Script = @"
        $ok = 0; $other = 0; $extra = $args[1]
        1..$args[0] | ForEach-Object { [pscustomobject]@{ UserId = ""l$_@example.com""; ImageData = $photo } } |
            Set-ZoomUserPicture @extra -ErrorAction SilentlyContinue |
            ForEach-Object { if ($_.Status -eq 'Succeeded') { $ok++ } else { $other++ } }
        $ok; $other";

    public static async Task<List<string>> RunAsync(int rows)
    {
        var misses = new List<string>();
        Console.WriteLine($"Look before you change: Business (Medium {Medium:0}/s, Light {Light:0}/s, {Latency.TotalMilliseconds:0} ms), defaults, {rows:N0} rows each, one after another:");
        var plain = await MeasureAsync(Mode.Plain, rows);
        var noClobber = await MeasureAsync(Mode.NoClobber, rows);
        var backup = await MeasureAsync(Mode.Backup, rows);
        var farHost = await MeasureAsync(Mode.BackupFarHost, rows);

        Console.WriteLine($"{"run",-13} {"rows",6} {"ok",6} {"uploads",7} {"lookups",7} {"files",7} {"seconds",7} {"uploads/s",9} {"of 60/s",7} {"x plain",7} {"429s",5}");
        foreach (var f in new[] { plain, noClobber, backup, farHost })
        {
            var label = f.Mode switch { Mode.Plain => "plain", Mode.NoClobber => "-NoClobber", Mode.Backup => "-BackupPath", _ => "-BackupPath*" };
            var ratio = f.UploadsPerSecond / plain.UploadsPerSecond;
            Console.WriteLine($"{label,-13} {f.Rows,6} {f.Succeeded,6} {f.Uploads,7} {f.Lookups,7} {f.BackupFiles,7} {f.Elapsed.TotalSeconds,7:0.0} {f.UploadsPerSecond,9:0.0} {f.OfLimit,7:0.000} {ratio,7:0.000} {f.Refused429,5}");
            if (f.OfLimit < 0.95) misses.Add($"Look before you change, {label}: uploads at {f.OfLimit:0.000} of the Medium limit (target >= 0.95)");
            if (f.Succeeded != f.Rows) misses.Add($"Look before you change, {label}: {f.Rows - f.Succeeded} rows did not succeed");
        }
        Console.WriteLine("  uploads/lookups = API requests of the Medium/Light label (429s included); files = files in the backup folder afterwards;");
        Console.WriteLine($"  pic_url downloads answer at once, except -BackupPath*: {Latency.TotalMilliseconds:0} ms there too (the API's latency is on API answers only);");
        Console.WriteLine("  x plain = uploads/s over the plain run's, in this bench run.");
        Console.WriteLine();
        return misses;
    }

    private static async Task<Figures> MeasureAsync(Mode mode, int rows)
    {
        await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions
        {
            RateLimitPerSecond = Medium, LightRateLimitPerSecond = Light, Latency = Latency, RecordRequests = false,
            PictureLatency = mode == Mode.BackupFarHost ? Latency : TimeSpan.Zero,
        });
        var backs = mode is Mode.Backup or Mode.BackupFarHost;
        string? folder = null;
        if (backs)
        {
            // Users who have a picture: each row's backup is a real download and a real file.
            folder = Directory.CreateTempSubdirectory("zoomusers-look-bench").FullName;
            for (var n = 1; n <= rows; n++)
            {
                var user = sim.AddUser($"l{n}@example.com");
                user.Picture = BulkRun.Photo;
                user.PictureContentType = "image/jpeg";
            }
        }
        try
        {
            using var module = new HostedModule(sim, null);
            module.Set("photo", BulkRun.Photo);
            var extra = new System.Collections.Hashtable();
            if (mode == Mode.NoClobber) extra["NoClobber"] = true;
            if (backs) extra["BackupPath"] = folder!;
            sim.ClearRequests();
            var clock = Stopwatch.StartNew();
            var counts = module.Run(Script, rows, extra);
            clock.Stop();
            var files = folder == null ? 0 : CountFiles(folder);
            return new Figures(mode, rows, (int)counts[0].BaseObject, (int)counts[1].BaseObject, clock.Elapsed,
                sim.ApiRequestsOf(RateLabel.Medium), sim.ApiRequestsOf(RateLabel.Light), sim.Count429, files);
        }
        finally
        {
            if (folder != null) Directory.Delete(folder, recursive: true);
        }
    }

    private static int CountFiles(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count();
}
