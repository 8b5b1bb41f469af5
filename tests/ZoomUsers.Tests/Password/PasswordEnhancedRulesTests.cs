using System.Text.RegularExpressions;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// The account's enhanced password rules: read once when the token may read account settings and
/// checked locally too; when it may not, the basic rules alone, and the run goes on.
/// </summary>
public sealed class PasswordEnhancedRulesTests : PasswordTest
{
    private void Enhance() => Sim.Options.PasswordRequirement = new PasswordRequirement
    {
        MinimumPasswordLength = 12,
        HaveSpecialCharacter = true,
        ConsecutiveCharactersLength = 4,
    };

    [Fact]
    public void The_account_rules_are_read_once_and_a_row_breaking_them_is_never_sent()
    {
        Enhance();
        Connect();

        var r = Ps.Run(@"
            @([pscustomobject]@{ UserId = 'short@example.com';   Password = 'Blue7Heron!' },
              [pscustomobject]@{ UserId = 'special@example.com'; Password = 'Blue7HeronSky' },
              [pscustomobject]@{ UserId = 'run@example.com';     Password = 'Blue7Heron!mnop' },
              [pscustomobject]@{ UserId = 'good@example.com';    Password = 'Blue7Heron!Sky' }) | Set-ZoomUserPassword -Confirm:$false -Verbose");

        Assert.Null(r.Terminating);
        Assert.Equal(4, r.Results.Count);
        string Message(string user) => r.Results.Single(x => x.Str("UserId") == user).Str("Message")!;
        Assert.Contains("at least 12 characters", Message("short@example.com"));
        Assert.Contains("special character", Message("special@example.com"));
        Assert.Contains("4 or more consecutive", Message("run@example.com"));
        Assert.All(r.Results.Where(x => x.Str("UserId") != "good@example.com"), x => Assert.Equal("PasswordPolicy", x.Str("ErrorId")));
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == "good@example.com").Str("Status"));
        Assert.Equal(3, r.Errors.Count);

        Assert.Equal("good@example.com", Assert.Single(PasswordPuts()).UserId);
        var read = Assert.Single(SettingsReads());
        Assert.Equal("/v2/accounts/me/settings?option=security", read.RawTarget);
        Assert.Contains(r.Verbose, v => v.Contains("enhanced rules") && v.Contains("12-31 characters") && v.Contains("special character"));
    }

    [Fact]
    public void The_rules_are_read_once_per_connection_not_once_per_call()
    {
        Enhance();
        Connect();

        Ps.Run("Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!Sky' -Confirm:$false").ThrowIfFailed();
        Ps.Run("Set-ZoomUserPassword -UserId b@example.com -Password 'Gray7Heron!Sky' -Confirm:$false").ThrowIfFailed();

        Assert.Single(SettingsReads());
        Assert.Equal(2, PasswordPuts().Count());
    }

    [Fact]
    public void A_read_that_failed_for_now_is_not_remembered_the_next_call_reads_the_rules()
    {
        Enhance();
        Connect("-MaxRetryCount 1 -RetryBaseDelayMs 10");
        Sim.ScriptAccountSettings(SimFault.Status503, SimFault.Status503);
        const string noSpecial = "Set-ZoomUserPassword -UserId $args[0] -Password 'Blue7HeronSky' -Confirm:$false -Verbose";

        // Both attempts of the first read fail: that call checks the basic rules and Zoom refuses (1127).
        var first = Ps.Run(noSpecial, "first@example.com");
        Assert.Null(first.Terminating);
        Assert.Contains(first.Verbose, v => v.Contains("could not be read") && v.Contains("reading them again on the next call"));
        Assert.Equal(1127, Assert.Single(first.Results).Prop<int>("ErrorCode"));

        // The next call reads the account's rules and catches the same password before sending it.
        var second = Ps.Run(noSpecial, "second@example.com");
        Assert.Null(second.Terminating);
        Assert.Equal("PasswordPolicy", Assert.Single(second.Results).Str("ErrorId"));
        Assert.Equal(new[] { 503, 503, 200 }, SettingsReads().Select(q => q.StatusCode));
        Assert.Equal("first@example.com", Assert.Single(PasswordPuts()).UserId);
    }

    [Fact]
    public void Without_an_account_read_scope_only_basic_rules_are_checked_and_the_run_goes_on()
    {
        Sim.Options.Scopes = "user:write:admin";
        Enhance();
        Connect();

        // Passes the basic rules, breaks the account's: only Zoom can say so, and it does (1127).
        var r = Ps.Run(@"
            @([pscustomobject]@{ UserId = 'plain@example.com'; Password = 'Blue7HeronSky' },
              [pscustomobject]@{ UserId = 'good@example.com';  Password = 'Blue7Heron!Sky' },
              [pscustomobject]@{ UserId = 'basic@example.com'; Password = 'nodigits' }) | Set-ZoomUserPassword -Confirm:$false -Verbose");

        Assert.Null(r.Terminating);
        Assert.Empty(SettingsReads());
        Assert.Contains(r.Verbose, v => v.Contains("no account:read scope"));
        Assert.Contains(r.Verbose, v => v.Contains("Zoom's basic rules"));
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == "good@example.com").Str("Status"));
        Assert.Equal("PasswordPolicy", r.Results.Single(x => x.Str("UserId") == "basic@example.com").Str("ErrorId"));
        var plain = r.Results.Single(x => x.Str("UserId") == "plain@example.com");
        Assert.Equal("PasswordNeedsSpecialCharacter", plain.Str("ErrorId"));
        Assert.Equal(1127, plain.Prop<int>("ErrorCode"));
        Assert.Equal(2, PasswordPuts().Count());
    }

    [Fact]
    public void A_token_of_unknown_scope_tries_the_read_and_falls_back_to_basic_rules_when_refused()
    {
        Sim.Options.Scopes = "user:write:admin";
        Enhance();
        var token = IssueToken();
        Ps.SetSecureString("tok", token);

        var r = Ps.Run(@"
            Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] | Out-Null
            Set-ZoomUserPassword -UserId u@example.com -Password 'Blue7HeronSky' -Confirm:$false -Verbose", Sim.ApiBaseUri);

        Assert.Null(r.Terminating);
        var read = Assert.Single(SettingsReads());
        Assert.Equal(400, read.StatusCode);
        Assert.Contains(r.Verbose, v => v.Contains("could not be read") && v.Contains("4711"));
        var x = Assert.Single(r.Results);
        Assert.Equal(1127, x.Prop<int>("ErrorCode"));
        Assert.Single(PasswordPuts());
    }

    private string IssueToken()
    {
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, Sim.TokenUri + "?grant_type=account_credentials&account_id=" + Sim.Options.AccountId);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Sim.Options.ClientId + ":" + Sim.Options.ClientSecret)));
        var json = http.Send(request).Content.ReadAsStringAsync().Result;
        return Regex.Match(json, "\"access_token\":\"([^\"]+)\"").Groups[1].Value;
    }
}
