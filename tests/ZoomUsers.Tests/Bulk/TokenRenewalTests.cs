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
        // Twelve rows at five a second outlast a two-second token while they queue for permits. A
        // token taken before the wait would reach Zoom expired; one taken after never does.
        Sim.Options.TokenLifetimeSeconds = 2;
        Ps.Connect(Sim, "-RequestsPerSecond 5");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(12) + " | Set-ZoomUserPicture -ThrottleLimit 16");

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
