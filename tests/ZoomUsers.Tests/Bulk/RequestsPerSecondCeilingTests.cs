using System.Diagnostics.CodeAnalysis;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// Tests that count requests per second at the simulator run alone. The simulator stamps an arrival
/// when this process gets round to it; with another test class busy on the other core, an arrival
/// can be stamped tens of milliseconds late and the next one on time, so two requests that were a
/// second apart on the wire can look closer. The count then measures the machine, not the client.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "An xunit collection definition: the suffix says what it is.")]
public sealed class MeasuresPerSecondCollection
{
    public const string Name = "Counts requests per second";
}

/// <summary>
/// -RequestsPerSecond is a ceiling: never more in any one-second window at the server. The end-to-end
/// smoke test of the rule; the gate's arithmetic (spacing, the 1.03 s window cap, late wake-ups) is
/// proven on a fake clock in the engine's PacerOnFakeTimeTests.
/// </summary>
[Collection(MeasuresPerSecondCollection.Name)]
public sealed class RequestsPerSecondCeilingTests : ModuleTest
{
    // Counts arrivals per second at the in-process simulator: see ThreadPoolWarmth for why the pool is warmed.
    public RequestsPerSecondCeilingTests() => ThreadPoolWarmth.Ensure();

    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    [Theory]
    [InlineData(7)]
    public void A_given_RequestsPerSecond_is_never_exceeded_in_any_one_second_window(int ceiling)
    {
        Ps.Set("photo", Jpeg());
        WarmTheUploadPath();
        // No server limit and no latency: nothing but the client holds the rate down, from the first request on.
        Ps.Connect(Sim, $"-RequestsPerSecond {ceiling}");

        // Half a second idle first, as a runbook is between Connect-Zoom and its first row: more than an interval.
        var r = Ps.Run("Start-Sleep -Milliseconds 500; " + BulkInput.PictureRows(ceiling * 3) + " | Set-ZoomUserPicture");

        r.ThrowIfFailed();
        Assert.Equal("Fixed", Ps.Run("(Get-ZoomConnection).RateMode").Output.Single().ToString());
        Assert.InRange(Sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(1)), 1, ceiling);
        // Spaced, not bunched: no two within half an interval, the first two included (idle time, such
        // as the wait since Connect-Zoom, stores no credit).
        Assert.Equal(1, Sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(0.5 / ceiling)));
    }

    /// <summary>
    /// The first upload in this process compiles the multipart path on both sides (the module's and the
    /// in-process simulator's handler); on a busy core that stamps its arrival tens of milliseconds late
    /// and the next ones on time, so the count would measure the JIT. One upload on a connection of its
    /// own (its own pacer), forgotten by the simulator, leaves the measured connection starting cold.
    /// </summary>
    private void WarmTheUploadPath()
    {
        Ps.Connect(Sim);
        Ps.Run(BulkInput.PictureRows(1) + " | Set-ZoomUserPicture").ThrowIfFailed();
        Sim.ClearRequests();
    }
}
