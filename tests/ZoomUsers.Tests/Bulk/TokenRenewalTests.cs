using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>Tokens expire mid-run: one worker renews while the others wait, and no row fails for it.</summary>
public sealed class TokenRenewalTests : ModuleTest
{
    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    [Fact]
    public void Short_lived_tokens_are_renewed_as_the_run_goes_and_no_row_fails()
    {
        Sim.Options.TokenLifetimeSeconds = 2;
        Sim.Options.Latency = TimeSpan.FromMilliseconds(20);
        Ps.Connect(Sim, "-RequestsPerSecond 40");
        Ps.Set("photo", Jpeg());

        // About four seconds of work: two token lifetimes at least.
        var r = Ps.Run(BulkInput.PictureRows(160) + " | Set-ZoomUserPicture -ThrottleLimit 8");

        r.ThrowIfFailed();
        Assert.Equal(160, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.True(Sim.TokenRequestCount >= 3, $"{Sim.TokenRequestCount} token requests");
        // One renewal per lifetime, not one per worker: eight workers each renewing would be 16+.
        Assert.True(Sim.TokenRequestCount <= 8, $"{Sim.TokenRequestCount} token requests");
    }

    [Fact]
    public void A_token_is_taken_only_once_the_pacer_lets_the_request_go()
    {
        // Fifteen rows at five a second outlast a two-second token while they queue for permits. A
        // token taken before the wait would reach Zoom expired; one taken after never does.
        Sim.Options.TokenLifetimeSeconds = 2;
        Ps.Connect(Sim, "-RequestsPerSecond 5");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(15) + " | Set-ZoomUserPicture -ThrottleLimit 16");

        r.ThrowIfFailed();
        Assert.All(r.Results, x =>
        {
            Assert.Equal("Succeeded", x.Str("Status"));
            Assert.Equal(1, x.Prop<int>("Attempts"));
        });
        Assert.DoesNotContain(Sim.Requests, q => q.StatusCode == 401);
        Assert.True(Sim.TokenRequestCount >= 2, "The run should have outlived the first token.");
    }

    [Fact]
    public async Task A_token_service_too_slow_for_a_while_delays_rows_instead_of_failing_them()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -TimeoutSec 1 -RetryBaseDelayMs 200");
        Ps.Set("photo", Jpeg());
        Sim.ExpireAllTokens();
        // Renewals time out (1 s) until the token service recovers: retried, they then succeed.
        Sim.Options.TokenLatency = TimeSpan.FromSeconds(3);
        var recovery = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => Sim.Options.TokenLatency = TimeSpan.Zero);

        var r = Ps.Run(BulkInput.PictureRows(20) + " | Set-ZoomUserPicture -ThrottleLimit 4");
        await recovery;

        r.ThrowIfFailed();
        Assert.Equal(20, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.True(Sim.TokenRequestCount >= 3, $"{Sim.TokenRequestCount} token requests");
    }

    [Fact]
    public async Task Connect_Zoom_retries_a_token_service_that_is_too_slow_at_first()
    {
        Sim.Options.TokenLatency = TimeSpan.FromSeconds(3);
        var recovery = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => Sim.Options.TokenLatency = TimeSpan.Zero);

        var r = Ps.Connect(Sim, "-TimeoutSec 1 -RetryBaseDelayMs 200");
        await recovery;

        Assert.Equal("acct-1", Assert.Single(r.Output).Str("AccountId"));
        Assert.True(Sim.TokenRequestCount >= 2, $"{Sim.TokenRequestCount} token requests");
    }

    [Theory]
    [InlineData(3, "Succeeded")]  // two free renewals, the third paid from -MaxRetryCount 1
    [InlineData(4, "Failed")]
    public void A_token_refused_again_and_again_is_bounded_by_the_retry_budget(int refusals, string status)
    {
        Ps.Connect(Sim, "-MaxRetryCount 1 -RetryBaseDelayMs 10");
        Ps.Set("photo", Jpeg());
        Sim.Script("a@example.com", Enumerable.Repeat(SimFault.Token124, refusals).ToArray());

        var r = Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo");

        var x = Assert.Single(r.Results);
        Assert.Equal(status, x.Str("Status"));
        Assert.Equal(Math.Min(refusals + 1, 4), x.Prop<int>("Attempts"));
        if (status == "Failed")
        {
            Assert.Equal("AccessTokenInvalid", x.Str("ErrorId"));
            Assert.Equal(124, x.Prop<int>("ErrorCode"));
        }
    }

    [Fact]
    public void Tokens_expired_mid_run_are_renewed_once_while_the_other_workers_wait()
    {
        Sim.Options.Latency = TimeSpan.FromMilliseconds(50);
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        var output = new PSDataCollection<PSObject>();
        using var ps = Ps.Begin(BulkInput.PictureRows(80) + " | Set-ZoomUserPicture -ThrottleLimit 8", out var handle, output);

        Assert.True(SpinWait.SpinUntil(() => output.Count >= 16, TimeSpan.FromSeconds(10)), "The run did not start.");
        Sim.ExpireAllTokens();
        ps.EndInvoke(handle);

        Assert.Empty(ps.Streams.Error);
        var results = output.ToList();
        Assert.Equal(80, results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Contains(results, x => x.Prop<int>("Attempts") == 2);
        Assert.Equal(2, Sim.TokenRequestCount);
    }
}
