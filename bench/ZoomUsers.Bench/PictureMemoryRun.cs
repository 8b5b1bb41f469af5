using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Pictures;

namespace ZoomUsers.Bench;

/// <summary>
/// Set-ZoomUserPicture's peak memory against the size of the pictures, each run a fresh process
/// hosting PowerShell and the module (<see cref="FitMemoryRun.Child"/>), with defaults, against a
/// simulator at the given rate and latency: N rows of 2 MiB pictures without -Fit against N rows of
/// an 8 x 8 JPEG, and N rows of a JPEG just under 2 MiB with -Fit (sent as it is) against N rows of the
/// 8 x 8 JPEG with -Fit. Target: the large pictures peak at most 64 MiB above the tiny ones.
/// ZOOMUSERS_BENCH_CHILD_GCHEAPHARDLIMIT gives the measured children a heap limit, as FitMemoryRun's.
/// </summary>
/// <summary>Which comparisons a picture memory run makes.</summary>
[Flags]
internal enum PictureMemoryKinds
{
    WithoutFit = 1,
    Fit = 2,
}

internal static class PictureMemoryRun
{
    private const double DifferenceTargetMiB = 64;

    public static async Task<List<string>> RunAsync(IReadOnlyList<int> rowCounts, double rate, TimeSpan latency, PictureMemoryKinds kinds)
    {
        var misses = new List<string>();
        var folder = Directory.CreateTempSubdirectory("zoomusers-picture-memory").FullName;
        try
        {
            var tiny = Path.Combine(folder, "tiny.jpg");
            File.WriteAllBytes(tiny, TestPictures.TinyJpeg());
            var twoMiB = Path.Combine(folder, "two-mib.jpg");
            File.WriteAllBytes(twoMiB, TestPictures.TwoMiBJpegSigned());
            var underTwoMiB = Path.Combine(folder, "under-two-mib.jpg");
            if (kinds.HasFlag(PictureMemoryKinds.Fit)) File.WriteAllBytes(underTwoMiB, JustUnderTwoMiB());

            await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = rate, Latency = latency, RecordRequests = false });
            var limit = Environment.GetEnvironmentVariable("ZOOMUSERS_BENCH_CHILD_GCHEAPHARDLIMIT");
            Console.WriteLine($"Picture memory: each run a fresh process hosting PowerShell and the module (defaults; simulator at {rate:0}/s, {latency.TotalMilliseconds:0} ms, in the bench process); " +
                              $"peak = the process's VmHWM; heap limit {(string.IsNullOrEmpty(limit) ? "none" : limit)}.");
            foreach (var rows in rowCounts)
            {
                if (kinds.HasFlag(PictureMemoryKinds.WithoutFit)) Compare(rows, "without -Fit", sim, tiny, twoMiB, fit: false, misses);
                if (kinds.HasFlag(PictureMemoryKinds.Fit)) Compare(rows, "-Fit", sim, tiny, underTwoMiB, fit: true, misses);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Console.WriteLine();
        return misses;
    }

    private static void Compare(int rows, string how, ZoomSimulator sim, string tiny, string large, bool fit, List<string> misses)
    {
        var small = FitMemoryRun.Child(sim, tiny, rows, fit);
        var big = FitMemoryRun.Child(sim, large, rows, fit);
        var difference = big.PeakMiB - small.PeakMiB;
        Console.WriteLine($"  {rows,6:N0} rows {how,-12}: 8x8 JPEG peak {small.PeakMiB:0} MiB ({small.Ok:N0} ok, {small.Seconds:0} s); " +
                          $"{new FileInfo(large).Length / 1048576.0:0.00} MiB pictures peak {big.PeakMiB:0} MiB ({big.Ok:N0} ok, {big.Seconds:0} s); " +
                          $"difference {difference:+0;-0} MiB (target <= {DifferenceTargetMiB:0})");
        if (difference > DifferenceTargetMiB) misses.Add($"Picture memory {how} at {rows:N0} rows: {difference:0} MiB above the 8x8 run (target <= {DifferenceTargetMiB:0})");
        if (small.Ok != rows || big.Ok != rows) misses.Add($"Picture memory {how} at {rows:N0} rows: {rows - small.Ok} tiny and {rows - big.Ok} large rows did not succeed");
    }

    /// <summary>A real JPEG (noise, so it barely compresses) between 1.9 and 2 MiB, upright and small enough for -Fit to send it as it is.</summary>
    private static byte[] JustUnderTwoMiB()
    {
        static byte[] Jpeg(int side)
        {
            using var bitmap = TestPictures.Noise(side, side, opaque: true);
            return TestPictures.Encode(bitmap, SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        }
        // Noise costs about the same per pixel at any size: aim from a probe, then step down until under.
        var probe = Jpeg(1000).Length;
        for (var side = (int)(1000 * Math.Sqrt(1.98 * 1024 * 1024 / probe)); side > 500; side -= 8)
        {
            var jpeg = Jpeg(side);
            if (jpeg.Length < 2 * 1024 * 1024 && jpeg.Length > 1.9 * 1024 * 1024) return jpeg;
            if (jpeg.Length <= 1.9 * 1024 * 1024) throw new InvalidOperationException($"No noise JPEG between 1.9 and 2 MiB near {side} px ({jpeg.Length:N0} bytes).");
        }
        throw new InvalidOperationException("No noise JPEG under 2 MiB.");
    }
}
