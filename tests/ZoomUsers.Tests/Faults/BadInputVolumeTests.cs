using System.Globalization;
using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Faults;

/// <summary>
/// A 100,000-row file that is mostly junk streams through: every row gets its result as it goes, the
/// few good rows are sent, and at no point are more rows held than -ThrottleLimit (how much memory
/// that takes is the benchmark's business).
/// </summary>
public sealed class BadInputVolumeTests : ModuleTest
{
    private const int Rows = 100_000;
    private const int Workers = 16;

    protected override SimulatorOptions CreateOptions() => new() { RecordRequests = false };

    [Fact]
    public void A_hundred_thousand_mostly_bad_rows_stream_through_with_one_result_each()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        Ps.Set("gif", Encoding.ASCII.GetBytes("GIF89a......"));

        // One row in a hundred is good; the others cycle through four kinds of bad input. Results are
        // counted as they arrive and dropped, as Export-Csv would; the producer/consumer gap is the
        // number of rows held at once.
        var r = Ps.Run(@"
            $bad = @(
                [pscustomobject]@{ UserId = '';                ImageData = $photo },
                [pscustomobject]@{ UserId = '..';              ImageData = $photo },
                [pscustomobject]@{ UserId = 'gif@example.com'; ImageData = $gif },
                [pscustomobject]@{ UserId = 'nil@example.com'; ImageData = [byte[]]@() })
            $global:produced = 0; $global:seen = 0; $global:maxLag = 0
            $global:byId = @{}
            1..$args[0] |
                ForEach-Object {
                    $global:produced++
                    if ($_ % 100 -eq 0) { [pscustomobject]@{ UserId = ""u$_@example.com""; ImageData = $photo } } else { $bad[$_ % 4] }
                } |
                Set-ZoomUserPicture -ThrottleLimit $args[1] -ErrorAction Ignore |
                ForEach-Object {
                    $lag = $global:produced - $global:seen
                    if ($lag -gt $global:maxLag) { $global:maxLag = $lag }
                    $global:seen++
                    $key = if ($_.ErrorId) { $_.ErrorId } else { $_.Status }
                    $global:byId[$key] = 1 + $global:byId[$key]
                }
            $global:byId.GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key, $_.Value }
            'lag=' + $global:maxLag", Rows, Workers);

        r.ThrowIfFailed();
        var counts = r.Output.Select(o => o.ToString().Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var good = Rows / 100;
        var bad = Enumerable.Range(1, Rows).Where(i => i % 100 != 0).GroupBy(i => i % 4).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(good, counts["Succeeded"]);
        Assert.Equal(bad[0], counts["UserIdMissing"]);
        Assert.Equal(bad[1], counts["UserIdInvalid"]);
        Assert.Equal(bad[2], counts["PictureFormatUnsupported"]);
        Assert.Equal(bad[3], counts["PictureEmpty"]);
        Assert.Equal(Rows, counts.Where(c => c.Key != "lag").Sum(c => c.Value));
        Assert.InRange(counts["lag"], 1, Workers + 1);
        Assert.Equal(good, Sim.ApiRequestCount);
    }
}
