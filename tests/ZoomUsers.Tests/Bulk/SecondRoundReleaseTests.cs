using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>Tests that read a count the module keeps per process run alone, after every other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCounts
{
    public const string Name = "Process-wide counts";
}

/// <summary>
/// A row waiting for its second round holds what that round sends (a password's body): however the run
/// ends (Ctrl+C, a terminating error, the row written as it is), every such row lets go of it. Each run
/// goes through the real pipeline, results written as a user would get them; what the rows still hold
/// is read from the module's count of rounds not yet released (SecondRound.Held).
/// </summary>
[Collection(ProcessWideCounts.Name)]
public sealed class SecondRoundReleaseTests : ModuleTest
{
    private const int Rows = 40;
    // Rows 31-35 spend their retries on 503s (three attempts each) after 30 rows went through: a bad
    // moment, not a service that is down, so each is offered a second round. -ThrottleLimit 1: the
    // second rounds run one at a time, so the others are still waiting when the first ends the run.
    private static readonly int[] Unlucky = { 31, 32, 33, 34, 35 };
    private const string Connect = "-RequestsPerSecond 1000 -TimeoutSec 120 -MaxRetryCount 2 -RetryBaseDelayMs 20";
    private const string Pipe = "Import-Csv -Path $csv | Set-ZoomUserPassword -ThrottleLimit 1 -Confirm:$false";

    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    [Fact]
    public void Ctrl_C_during_the_second_rounds_releases_every_waiting_row()
    {
        Sim.Options.Faults.StallDuration = TimeSpan.FromSeconds(60);
        Ps.Connect(Sim, Connect);
        // Each unlucky row's second round stalls: the first one to run holds the run there.
        foreach (var row in Unlucky) Sim.Script(BulkInput.UserId(row), SimFault.Status503, SimFault.Status503, SimFault.Status503, SimFault.Stall);
        Ps.Set("csv", BulkInput.PasswordCsv(Rows, TempDir));
        var held = HeldRounds();
        var output = new PSDataCollection<PSObject>();
        using var ps = Ps.Begin(Pipe, out _, output);
        // Every first round answered, and one more request in flight: the first second round, stalled.
        Assert.True(SpinWait.SpinUntil(() =>
        {
            var answered = Sim.Requests.Count(q => q.Path.StartsWith("/v2/", StringComparison.Ordinal));
            return Sim.Requests.Count(q => q.Method == "PUT") >= Rows + Unlucky.Length * 2 && Sim.ApiRequestCount > answered;
        }, TimeSpan.FromSeconds(60)), "The run never reached its second rounds.");
        var sent = Sim.ApiRequestCount;

        var stop = ps.BeginStop(null, null);

        Assert.True(stop.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "Stop did not return.");
        ps.EndStop(stop);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        // What the user got: every row that went through, once; nothing for the rows stopped.
        var written = output.Select(x => x.Str("UserId")!).ToList();
        Assert.Equal(Enumerable.Range(1, Rows).Except(Unlucky).Select(BulkInput.UserId).Order(), written.Order());
        // One second round ran (and was cancelled); the other four never sent again.
        Assert.Equal(sent, Sim.ApiRequestCount);
        Assert.True(SpinWait.SpinUntil(() => HeldRounds() == held, TimeSpan.FromSeconds(10)),
            $"{HeldRounds() - held} rows still hold what their second round would have sent.");
    }

    [Fact]
    public void A_terminating_error_during_the_second_rounds_releases_every_waiting_row()
    {
        Ps.Connect(Sim, Connect);
        // Each unlucky row's second round meets a 400: the first one written stops the run (-ErrorAction Stop).
        foreach (var row in Unlucky) Sim.Script(BulkInput.UserId(row), SimFault.Status503, SimFault.Status503, SimFault.Status503, SimFault.ErrorsArray400);
        Ps.Set("csv", BulkInput.PasswordCsv(Rows, TempDir));
        var held = HeldRounds();

        // What a script that stops on the first error keeps: the results written until then.
        var r = Ps.Run("try { " + Pipe + " -ErrorAction Stop -OutVariable written | Out-Null } catch { 'stopped: ' + $_.FullyQualifiedErrorId }; $written");

        Assert.Null(r.Terminating);
        Assert.Contains(r.Output, o => o.BaseObject is string text && text.StartsWith("stopped: ", StringComparison.Ordinal));
        var failed = Assert.Single(r.Results, x => x.Str("Status") == "Failed");
        Assert.Contains(failed.Str("UserId"), Unlucky.Select(BulkInput.UserId));
        Assert.Equal(Rows - Unlucky.Length + 1, r.Results.Count);
        Assert.Equal(Unlucky.Length * 3 + 1, Sim.Requests.Count(q => Unlucky.Select(BulkInput.UserId).Contains(q.UserId!)));
        Assert.Equal(held, HeldRounds());
    }

    [Fact]
    public void A_result_written_as_it_is_keeps_nothing_of_the_round_it_offered()
    {
        Ps.Connect(Sim, Connect);
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", BulkInput.PasswordCsv(30, TempDir)).ThrowIfFailed();
        // Two rows for one user: the first spends its retries while the second waits for it, so the
        // first is written as it is (a second round would let the second row overtake it).
        Sim.Script("twice@example.com", SimFault.Status503, SimFault.Status503, SimFault.Status503);
        var csv = Path.Combine(TempDir, "twice.csv");
        File.WriteAllLines(csv, new[] { "UserId,Password", "twice@example.com,Zq8!k1.2.3.", "twice@example.com,Zq8!k4.5.6." });
        var held = HeldRounds();

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -ThrottleLimit 4 -Confirm:$false", csv);

        Assert.Equal(new[] { "Failed", "Succeeded" }, r.Results.Select(x => x.Str("Status")));
        var first = r.Results[0].BaseObject;
        Assert.Null(first.GetType().GetProperty("SecondRound", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(first));
        Assert.Equal(held, HeldRounds());
    }

    /// <summary>SecondRound.Held, summed over every copy of the engine this process has loaded.</summary>
    private static int HeldRounds() => AssemblyLoadContext.All
        .SelectMany(c => c.Assemblies)
        .Where(a => a.GetName().Name == "ZoomUsers.Engine")
        .Select(a => a.GetType("ZoomUsers.Api.SecondRound"))
        .Where(t => t != null)
        .Sum(t => (int)t!.GetProperty("Held", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!);
}
