using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// Sentinel passwords go in; with -Verbose and -Debug on, on success and on every kind of failure,
/// none of them comes out on any stream, result or error record.
/// </summary>
public sealed class PasswordSecretTests : PasswordTest
{
    private const string Ok = "Sntl7OkPassQ!";
    private const string Refused = "Sntl7RefusedQ!";
    private const string Missing = "Sntl7MissingQ!";
    private const string Landed = "Sntl7LandedQ!";
    private const string LocalBad = "sntl7localbadq!";
    private const string Orphan = "Sntl7OrphanQ!";
    private const string Escaped = "Sntl7\"Quote\\Q";

    [Fact]
    public void No_password_appears_anywhere_on_success_or_failure_with_Verbose_and_Debug_on()
    {
        Connect();
        Sim.AddUser("refused@example.com").PasswordError = (1136, "The password is too easy to guess.");
        Sim.MissingUsers.Add("missing@example.com");
        Sim.AddUser("landed@example.com");
        Sim.Script("landed@example.com", SimFault.Status503AfterApply);
        Ps.SetSecureString("secure", Ok);

        var r = Ps.Run(@"
            @([pscustomobject]@{ UserId = 'ok@example.com';       Password = $secure },
              [pscustomobject]@{ UserId = 'refused@example.com';  Password = $args[0] },
              [pscustomobject]@{ UserId = 'missing@example.com';  Password = $args[1] },
              [pscustomobject]@{ UserId = 'landed@example.com';   Password = $args[2] },
              [pscustomobject]@{ UserId = 'localbad@example.com'; Password = $args[3] },
              [pscustomobject]@{ UserId = 'escaped@example.com';  Password = $args[4] }) |
                Set-ZoomUserPassword -Confirm:$false -Verbose -Debug", Refused, Missing, Landed, LocalBad, Escaped);

        Assert.Null(r.Terminating);
        Assert.Equal(6, r.Results.Count);
        Assert.Equal(3, r.Errors.Count); // refused, missing, localbad
        Assert.Contains(r.Verbose, v => v.Contains("password redacted"));
        Assert.Contains(r.Debug, d => d.Contains("PUT") && d.Contains("Authorization: Bearer ***"));
        Assert.Equal(Escaped, Sim.Users["escaped@example.com"].CurrentPassword);

        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder,
            (Ok, "SecureString password"), (Refused, "refused password"), (Missing, "unknown user's password"),
            (Landed, "landed password"), (LocalBad, "locally rejected password"), (Escaped, "password with quotes"));
    }

    [Fact]
    public void A_row_without_a_user_column_fails_UserIdMissing_without_echoing_the_row()
    {
        Connect();

        // Nothing names the user, so the whole row binds to -UserId as "@{Name=...; Password=...}".
        var csv = WriteCsv("passwords.csv", new[] { "Name", "Password" }, new[] { "Orphan Row", Orphan });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false -Verbose -Debug", csv);

        Assert.Null(r.Terminating);
        var x = Assert.Single(r.Results);
        Assert.Equal("UserIdMissing", x.Str("ErrorId"));
        Assert.Null(x.Str("UserId"));
        Assert.StartsWith("UserIdMissing" + Cmdlet, Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(PasswordPuts());
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Orphan, "password of a row without a user id"));
        Assert.DoesNotContain("Orphan Row", LeakScanner.Collect(r, Ps.Host.Recorder));
    }

    [Fact]
    public void Failed_results_and_their_ToString_hold_no_password_when_exported()
    {
        Connect();
        Sim.AddUser("refused@example.com").PasswordError = (1129, "Password has been used recently.");

        // What a runbook keeps: every property of every result, as text, and the errors as text.
        var r = Ps.Run(@"
            $results = [pscustomobject]@{ UserId = 'refused@example.com'; Password = $args[0] } | Set-ZoomUserPassword -Confirm:$false -ErrorVariable ev -ErrorAction SilentlyContinue
            foreach ($o in $results) { $o.ToString(); foreach ($p in $o.PSObject.Properties) { '{0}={1}' -f $p.Name, $p.Value } }
            foreach ($e in $ev) { $e.ToString(); $e.Exception.ToString(); [string]$e.TargetObject }", Refused);

        Assert.Null(r.Terminating);
        Assert.Contains(r.Output, o => o.ToString()!.Contains("PasswordRecentlyUsed"));
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Refused, "refused password"));
    }
}
