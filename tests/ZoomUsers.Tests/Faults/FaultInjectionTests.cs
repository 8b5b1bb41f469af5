using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Bulk;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Faults;

/// <summary>
/// Two thousand rows against a Zoom that fails all the time: 10% 500/503, 5% dropped connections,
/// 2% stalls past the timeout (half of these faults after the change landed), bursts of 429s, and
/// tokens that live three seconds and are revoked every two. Every row must end in exactly one
/// result, and every one of them Succeeded.
/// </summary>
public sealed class FaultInjectionTests : ModuleTest
{
    private const int Rows = 2000;

    // Nine tries in all: with a fault on ~17% of attempts, a row failing nine times in a row is
    // about 1e-7, so 4,000 rows never see it. The short base delay keeps the backoff of this
    // unrealistically faulty server from dominating the run.
    private const string Connect = "-RequestsPerSecond 1000 -TimeoutSec 1 -MaxRetryCount 8 -RetryBaseDelayMs 20";

    protected override SimulatorOptions CreateOptions() => new()
    {
        RecordBodies = false,
        TokenLifetimeSeconds = 3,
        Faults = new RandomFaults
        {
            Status500 = 0.05,
            Status503 = 0.05,
            Drop = 0.05,
            Stall = 0.02,
            StallDuration = TimeSpan.FromSeconds(5),
            FaultsMayLand = true,
        },
    };

    [Fact]
    public async Task Every_row_of_both_cmdlets_yields_one_Succeeded_result_and_every_change_landed_once()
    {
        Ps.Connect(Sim, Connect);
        var photo = Jpeg(2048);
        Ps.Set("photo", photo);
        var passwordCsv = BulkInput.PasswordCsv(Rows, TempDir);
        PsResult pictures, passwords;
        await using (var schedule = new FaultSchedule(Sim, TimeSpan.FromSeconds(2), burstEveryRequests: 1000))
        {
            pictures = Ps.Run(BulkInput.PictureRows(Rows) + " | Set-ZoomUserPicture -ThrottleLimit 32");
            passwords = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -ThrottleLimit 32 -Confirm:$false", passwordCsv);
            Assert.True(schedule.Expiries > 0 && schedule.Bursts > 0, "The run ended before the scheduled faults came.");
        }

        foreach (var run in new[] { pictures, passwords })
        {
            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(Enumerable.Range(1, Rows).Select(BulkInput.UserId).Order(), run.Results.Select(x => x.Str("UserId")!).Order());
            Assert.All(run.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
            Assert.Contains(run.Results, x => x.Prop<int>("Attempts") > 1);
        }
        for (var row = 1; row <= Rows; row++)
        {
            var user = Sim.Users[BulkInput.UserId(row)];
            Assert.Equal(photo, user.Picture);
            Assert.Equal(BulkInput.PasswordFor(row), user.CurrentPassword);
            // A retry after a change that landed must not apply it twice.
            Assert.Equal(1, user.PasswordChanges);
        }
        // Changes that landed before their answer was lost were recognised, not reported Failed.
        Assert.Contains(passwords.Results, x => x.Str("Message")!.Contains("already in place", StringComparison.Ordinal));
        Assert.True(Sim.Count429 > 0, "No 429 was answered.");
        Assert.True(Sim.TokenRequestCount > 2, $"Only {Sim.TokenRequestCount} tokens were issued.");
    }

    [Fact]
    public async Task Ctrl_C_in_the_middle_stops_promptly_and_writes_each_finished_row_once()
    {
        Ps.Connect(Sim, Connect);
        Ps.Set("photo", Jpeg(2048));
        var output = new PSDataCollection<PSObject>();
        await using var schedule = new FaultSchedule(Sim, TimeSpan.FromSeconds(2), burstEveryRequests: 1000);
        using var ps = Ps.Begin(BulkInput.PictureRows(Rows) + " | Set-ZoomUserPicture -ThrottleLimit 32", out _, output);
        Assert.True(SpinWait.SpinUntil(() => output.Count >= Rows / 4, TimeSpan.FromSeconds(30)), "The run did not get going.");

        var stop = ps.BeginStop(null, null);

        // Stalls last 5 s and retries may back off for seconds: a stop that waited for the
        // requests in flight instead of cancelling them would take that long.
        Assert.True(stop.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(3)), "Stop did not return promptly.");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        var results = output.ToList();
        Assert.InRange(results.Count, Rows / 4, Rows - 1);
        Assert.Equal(results.Count, results.Select(x => x.Str("UserId")).Distinct().Count());
        Assert.All(results, x =>
        {
            Assert.Equal("Succeeded", x.Str("Status"));
            Assert.NotNull(Sim.Users[x.Str("UserId")!].Picture);
        });
        Assert.Empty(ps.Streams.Error);
    }
}
