using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>A per-second 429 pauses every worker (Retry-After, else backoff with jitter) and slows the pace.</summary>
public sealed class RateLimit429Tests : ModuleTest
{
    private const int Workers = 8;

    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    [Theory]
    [InlineData(SimFault.RateLimit429)]              // Retry-After: 1
    [InlineData(SimFault.RateLimit429NoRetryAfter)]  // backoff with jitter
    public void A_429_pauses_every_worker_not_only_the_refused_one(SimFault fault)
    {
        // Unpaced and without latency, eight workers send hundreds of requests a second: had only the
        // refused worker paused, hundreds would reach the server between its 429 and its retry.
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        var refused = BulkInput.UserId(30);
        Sim.Script(refused, fault);

        var r = Ps.Run(BulkInput.PictureRows(400) + $" | Set-ZoomUserPicture -ThrottleLimit {Workers}");

        r.ThrowIfFailed();
        Assert.Equal(400, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal(2, r.Results.Single(x => x.Str("UserId") == refused).Prop<int>("Attempts"));
        var log = Sim.Requests.ToList();
        var the429 = log.FindIndex(q => q.UserId == refused && q.StatusCode == 429);
        var retry = log.FindIndex(the429 + 1, q => q.UserId == refused);
        // The requests in flight until the client has read the 429 (on a busy machine a worker or two
        // may complete another row meanwhile), plus the other workers racing the refused one when the
        // pause ends: a few dozen at most, against hundreds without the shared pause.
        Assert.InRange(retry - the429 - 1, 0, 4 * Workers);
    }

    [Fact]
    public void A_server_refusing_part_of_the_traffic_slows_the_pace_and_every_row_succeeds()
    {
        // No rate headers: the 429s alone must teach the pacer.
        Sim.Options.RateLimitPerSecond = 10;
        Sim.Options.SendRateLimitHeaders = false;
        Ps.Connect(Sim, "-RequestsPerSecond 40");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(40) + " | Set-ZoomUserPicture -ThrottleLimit 8");

        r.ThrowIfFailed();
        Assert.Equal(40, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.True(Sim.Count429 > 0);
        Assert.Contains(r.Results, x => x.Prop<int>("Attempts") > 1);
        Assert.True((double)Ps.Run("(Get-ZoomConnection).RequestsPerSecond").Output.Single().BaseObject < 40);
    }

    [Fact]
    public void Per_second_429s_do_not_use_up_the_retries_meant_for_failures()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -MaxRetryCount 2 -RetryBaseDelayMs 10");
        Ps.Set("photo", Jpeg());
        Sim.Script("a@example.com", SimFault.RateLimit429NoRetryAfter, SimFault.RateLimit429NoRetryAfter, SimFault.Status503, SimFault.Status503);

        var r = Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo");

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(5, x.Prop<int>("Attempts"));
    }
}
