using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// ConfirmImpact High: an interactive run asks before each password unless -Confirm:$false, and
/// -WhatIf is a dry run that shows every bad row and changes nothing.
/// </summary>
public sealed class PasswordShouldProcessTests : PasswordTest
{
    private const string Sentinel = "Wh4tIfSentinel!";

    [Fact]
    public void WhatIf_checks_every_row_sends_no_password_and_writes_no_results()
    {
        Connect();
        Sim.ClearRequests();

        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" },
            new[] { "a@example.com", Sentinel }, new[] { "b@example.com", "short" }, new[] { "c@example.com", "" }, new[] { "d@example.com", "Blue7Heron!" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -WhatIf", csv);

        Assert.Null(r.Terminating);
        Assert.Empty(r.Results);
        Assert.Empty(r.Output);
        Assert.Empty(PasswordPuts());
        Assert.Empty(Sim.Users);

        var whatIf = Ps.Host.Recorder.WhatIfLines.ToList();
        Assert.Equal(2, whatIf.Count);
        Assert.Contains(whatIf, l => l.Contains("Set password") && l.Contains("a@example.com"));
        Assert.Contains(whatIf, l => l.Contains("Set password") && l.Contains("d@example.com"));
        Assert.Equal(new[] { "PasswordMissing" + Cmdlet, "PasswordPolicy" + Cmdlet }, r.Errors.Select(e => e.FullyQualifiedErrorId).OrderBy(x => x));
        Assert.Empty(Ps.Host.Recorder.Prompts);
        Security.LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Sentinel, "password"));
    }

    [Fact]
    public void By_default_each_password_change_is_confirmed_and_No_sends_nothing()
    {
        Connect();
        Ps.Host.Recorder.ChoiceAnswer = 2; // No

        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" }, new[] { "a@example.com", Sentinel }, new[] { "b@example.com", Sentinel });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword", csv);

        Assert.Null(r.Terminating);
        Assert.Empty(r.Results);
        Assert.Empty(PasswordPuts());
        var prompts = Ps.Host.Recorder.Prompts.ToList();
        Assert.Equal(2, prompts.Count);
        Assert.Contains("a@example.com", prompts[0]);
        Assert.Contains("Set password", prompts[0]);
        Assert.Contains("b@example.com", prompts[1]);
        Security.LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Sentinel, "password"));
    }

    [Fact]
    public void Yes_sends_the_confirmed_row()
    {
        Connect();
        Ps.Host.Recorder.ChoiceAnswer = 0; // Yes

        var r = Ps.Run("Set-ZoomUserPassword -UserId yes@example.com -Password $args[0]", Sentinel);

        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        Assert.Single(Ps.Host.Recorder.Prompts);
        Assert.Equal(Sentinel, Sim.Users["yes@example.com"].CurrentPassword);
    }

    [Fact]
    public void Confirm_false_asks_nothing_and_sends_every_row()
    {
        Connect();

        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" }, new[] { "a@example.com", Sentinel }, new[] { "b@example.com", Sentinel });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", csv);

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count);
        Assert.Empty(Ps.Host.Recorder.Prompts);
        Assert.Equal(2, PasswordPuts().Count());
    }

    [Fact]
    public void A_row_that_fails_its_checks_is_never_put_to_the_user_for_confirmation()
    {
        Connect();
        Ps.Host.Recorder.ChoiceAnswer = 0;

        var r = Ps.Run("Set-ZoomUserPassword -UserId bad@example.com -Password 'short'");

        Assert.Empty(Ps.Host.Recorder.Prompts);
        Assert.Equal("PasswordPolicy", Assert.Single(r.Results).Str("ErrorId"));
    }
}
