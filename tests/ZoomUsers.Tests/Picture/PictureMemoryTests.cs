using System.Globalization;
using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Pictures;
using Xunit.Abstractions;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Picture;

/// <summary>
/// Memory follows the rows in flight, not the pictures' size: a run's peak with 2 MiB pictures stays
/// within <see cref="BoundMiB"/> of the same run with an 8 x 8 JPEG. Each run is a fresh process
/// hosting PowerShell and the module (the isolation host, as pwsh would), with defaults, against a
/// simulator that answers at once; its peak is the kernel's high-water mark of the process. Both
/// runs are measured in the same test, so a loaded machine moves both; no time is asserted.
/// </summary>
public sealed class PictureMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How far the large run's peak may be above the small one's (a file row holds its path, not its bytes).</summary>
    private const double BoundMiB = 64;
    private const int Rows = 300;

    private ZoomSimulator _sim = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("zoomusers-memory").FullName;

    public async Task InitializeAsync() =>
        _sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RateLimitPerSecond = 10_000, RecordRequests = false });

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Two_MiB_pictures_peak_within_the_bound_of_tiny_ones()
    {
        var tiny = Path.Combine(_dir, "tiny.jpg");
        File.WriteAllBytes(tiny, TestPictures.TinyJpeg());
        var large = Path.Combine(_dir, "large.jpg");
        File.WriteAllBytes(large, TestPictures.TwoMiBJpegSigned());

        var small = PeakMiB(tiny);
        var big = PeakMiB(large);
        output.WriteLine($"{Rows} rows: 8 x 8 JPEG peak {small:0} MiB, 2 MiB pictures peak {big:0} MiB, difference {big - small:+0;-0} MiB (bound {BoundMiB:0})");

        Assert.True(big - small <= BoundMiB,
            $"{Rows} rows of 2 MiB pictures peaked at {big:0} MiB, {big - small:0} MiB above {Rows} rows of an 8 x 8 JPEG ({small:0} MiB); the bound is {BoundMiB:0} MiB");
    }

    private double PeakMiB(string picture)
    {
        var output = IsolationHostProcess.Run("picture-memory", _sim.TokenUri, _sim.ApiBaseUri,
            ("ZOOMUSERS_TEST_ROWS", Rows.ToString(CultureInfo.InvariantCulture)), ("ZOOMUSERS_TEST_PICTURE", picture));
        var facts = output.Split('\n').Select(l => l.Trim().Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(Rows.ToString(CultureInfo.InvariantCulture), facts["ok"]);
        return long.Parse(facts["peak"], CultureInfo.InvariantCulture) / 1048576.0;
    }
}
