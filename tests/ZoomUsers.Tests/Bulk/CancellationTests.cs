using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// Ctrl+C (PowerShell.Stop runs StopProcessing): requests in flight are cancelled, rows already
/// finished were written, none twice. Each scenario holds the run in something that would last far
/// longer than the generous bound on Stop if cancellation did not reach it.
/// </summary>
public sealed class CancellationTests : ModuleTest
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    [Fact]
    public void Ctrl_C_cancels_stalled_requests_and_every_written_row_is_real_and_written_once()
    {
        Sim.Options.Latency = TimeSpan.FromMilliseconds(20);
        Sim.Options.Faults.StallDuration = TimeSpan.FromSeconds(60);
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -TimeoutSec 120");
        Ps.Set("photo", Jpeg());
        // Rows 41-48 stall for a minute and fill all eight slots.
        var stalled = Enumerable.Range(41, 8).Select(BulkInput.UserId).ToList();
        foreach (var user in stalled) Sim.Script(user, SimFault.Stall);
        var output = new PSDataCollection<PSObject>();
        using var ps = Ps.Begin(BulkInput.PictureRows(2000) + " | Set-ZoomUserPicture -ThrottleLimit 8", out var handle, output);
        // Rows 1-40 are written, and every stalled request has reached the server.
        Assert.True(SpinWait.SpinUntil(() => output.Count >= 40 && Sim.ApiRequestCount >= 48, StopBound), "The run never reached the stalled rows.");

        // Kestrel misses a client hanging up in the first moments of a request (seen with a bare
        // HttpClient too): let the stalled ones settle so the server-side check below is fair.
        Thread.Sleep(500);
        var stop = ps.BeginStop(null, null);

        Assert.True(stop.AsyncWaitHandle.WaitOne(StopBound), "Stop did not return: requests in flight were not cancelled.");
        ps.EndStop(stop);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        var results = output.ToList();
        // Exactly the rows that had finished, each once.
        Assert.Equal(Enumerable.Range(1, 40).Select(BulkInput.UserId).Order(), results.Select(x => x.Str("UserId")!).Order());
        Assert.All(results, x =>
        {
            Assert.Equal("Succeeded", x.Str("Status"));
            Assert.NotNull(Sim.Users[x.Str("UserId")!].Picture);
        });
        // The client hung up on the stalled requests rather than leaving them to time out.
        Assert.True(SpinWait.SpinUntil(() => Sim.Requests.Count(q => stalled.Contains(q.UserId!) && q.StatusCode == 0) == stalled.Count, StopBound),
            "The stalled requests were left open: " + string.Join(", ", Sim.Requests.Where(q => stalled.Contains(q.UserId!))));
        Assert.Empty(ps.Streams.Error);
        // The connection survives the stop: the next call works.
        Ps.Run("Set-ZoomUserPicture -UserId after@example.com -ImageData $photo").ThrowIfFailed();
    }

    [Fact]
    public void Ctrl_C_during_a_retry_backoff_stops_at_once()
    {
        // Five retries of 503 back off for about 15 s in all.
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -MaxRetryCount 5");
        Ps.Set("photo", Jpeg());
        Sim.Script("a@example.com", Enumerable.Repeat(SimFault.Status503, 6).ToArray());
        var output = new PSDataCollection<PSObject>();
        using var ps = Ps.Begin("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo", out var handle, output);
        Assert.True(SpinWait.SpinUntil(() => Sim.ApiRequestCount >= 2, StopBound));

        var stop = ps.BeginStop(null, null);

        Assert.True(stop.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)), "Stop waited for the backoff.");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Empty(output);
        Assert.InRange(Sim.ApiRequestCount, 2, 3);
    }
}
