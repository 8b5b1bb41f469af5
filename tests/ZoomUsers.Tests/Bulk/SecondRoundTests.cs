using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// End to end: on a bad day (random 503s, dropped connections and stalls, some of them after
/// the change was applied) every row of both cmdlets ends Succeeded and every password is applied once.
/// A row whose retries all meet transient faults goes to the end of the run and succeeds in a second
/// set of attempts; two rows are scripted to, so the second round is seen in every run (the random
/// faults make one rarely). The fake-clock tests (Engine.Tests SecondRoundTests) hold its rules exactly.
/// </summary>
public sealed class SecondRoundTests : ModuleTest
{
    private const int Rows = 200;
    // -MaxRetryCount 3: four transient faults in a row spend a row's retries.
    private const string Connect = "-RequestsPerSecond 1000 -TimeoutSec 1 -MaxRetryCount 3 -RetryBaseDelayMs 20";

    protected override SimulatorOptions CreateOptions() => new()
    {
        RecordBodies = false,
        Faults = new RandomFaults { Status503 = 0.10, Drop = 0.05, Stall = 0.02, StallDuration = TimeSpan.FromSeconds(5), FaultsMayLand = true },
    };

    [Fact]
    public void On_a_bad_day_every_row_succeeds_and_a_row_out_of_retries_succeeds_at_the_end_of_the_run()
    {
        Ps.Connect(Sim, Connect);
        var photo = Jpeg(2048);
        Ps.Set("photo", photo);
        var passwordCsv = BulkInput.PasswordCsv(Rows, TempDir);
        var unluckyPicture = BulkInput.UserId(7);
        var unluckyPassword = BulkInput.UserId(9);
        Sim.Script(unluckyPicture, SimFault.Status503, SimFault.Drop, SimFault.Status503, SimFault.Status503);
        var pictures = Ps.Run(BulkInput.PictureRows(Rows) + " | Set-ZoomUserPicture -ThrottleLimit 32");
        // The first attempt sets the password and its answer is lost: the second round finds it in place.
        Sim.Script(unluckyPassword, SimFault.Status503AfterApply, SimFault.Status503, SimFault.Drop, SimFault.Status503);
        var passwords = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -ThrottleLimit 32 -Confirm:$false", passwordCsv);

        foreach (var run in new[] { pictures, passwords })
        {
            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(Enumerable.Range(1, Rows).Select(BulkInput.UserId).Order(), run.Results.Select(x => x.Str("UserId")!).Order());
            Assert.All(run.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        }
        for (var row = 1; row <= Rows; row++)
        {
            var user = Sim.Users[BulkInput.UserId(row)];
            Assert.Equal(photo, user.Picture);
            Assert.Equal(BulkInput.PasswordFor(row), user.CurrentPassword);
            Assert.Equal(1, user.PasswordChanges);
        }

        var picture = pictures.Results.Single(x => x.Str("UserId") == unluckyPicture);
        Assert.Contains("Tried again at the end of the run: the first 4 attempts met transient faults only", picture.Str("Message"));
        Assert.True(picture.Prop<int>("Attempts") >= 5);
        // Back of the queue: the second rounds' results come after every other row's.
        var secondRounds = pictures.Results.SkipWhile(x => !SecondRound(x)).ToList();
        Assert.All(secondRounds, x => Assert.True(SecondRound(x), $"{x.Str("UserId")} after a second round"));
        Assert.Contains(picture, secondRounds);
        var password = passwords.Results.Single(x => x.Str("UserId") == unluckyPassword);
        Assert.Contains("already in place", password.Str("Message"));
        Assert.Contains("Tried again at the end of the run", password.Str("Message"));
    }

    private static bool SecondRound(System.Management.Automation.PSObject result) =>
        result.Str("Message")!.Contains("Tried again at the end of the run", StringComparison.Ordinal);
}
