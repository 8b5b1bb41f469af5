using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// Issue 21, end to end with defaults (no -RequestsPerSecond): an account whose answers fail on a bad
/// day (10% 503, 5% dropped connections, 2% stalls past -TimeoutSec) still gives every row exactly one
/// result, and a -ThrottleLimit below what the rate needs is named in -Verbose as the limit. How fast
/// is the benchmark's bad-day rows' question, not this test's.
/// </summary>
public sealed class BadDayTests : ModuleTest
{
    protected override SimulatorOptions CreateOptions() => new()
    {
        RecordBodies = false,
        RateLimitPerSecond = 100,
        Latency = TimeSpan.FromMilliseconds(40),
        Faults = new RandomFaults { Status503 = 0.10, Drop = 0.05, Stall = 0.02, StallDuration = TimeSpan.FromSeconds(5), FaultsMayLand = true },
    };

    [Fact]
    public void On_a_bad_day_every_row_gets_one_result_and_a_low_ThrottleLimit_is_named_as_the_limit()
    {
        Ps.Set("photo", Jpeg(1024));
        Ps.Connect(Sim, "-TimeoutSec 1 -MaxRetryCount 8 -RetryBaseDelayMs 100");

        var r = Ps.Run(BulkInput.PictureRows(300) + " | Set-ZoomUserPicture -ThrottleLimit 2 -Verbose");

        Assert.Null(r.Terminating);
        Assert.Equal(Enumerable.Range(1, 300).Select(BulkInput.UserId).Order(), r.Results.Select(x => x.Str("UserId")!).Order());
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.Contains(r.Results, x => x.Prop<int>("Attempts") > 1);
        Assert.Single(r.Verbose, v => v.Contains("concurrency, not the account's rate, limits this run", StringComparison.Ordinal));
        Assert.Contains(r.Verbose, v => v.Contains("capped at -ThrottleLimit 2", StringComparison.Ordinal));
    }
}
