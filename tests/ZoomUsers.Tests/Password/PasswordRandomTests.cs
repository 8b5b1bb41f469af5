using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Text.Json;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// Set-ZoomUserPassword -Random end to end: passwords the simulator's rules accept under every
/// account setting, new for every user and run, the same one on a retry, handed back only as a
/// SecureString, and never as text anywhere.
/// </summary>
public sealed class PasswordRandomTests : PasswordTest
{
    private const string Pipe = "$args[0] | Set-ZoomUserPassword -Random -Confirm:$false";

    [Fact]
    public void Every_rule_combination_the_account_can_set_gets_passwords_the_simulator_accepts()
    {
        var combination = 0;
        foreach (var minimum in new[] { 0, 8, 11, 14, 25, 31 })
            foreach (var special in new[] { false, true })
                foreach (var run in new[] { 0, 4, 6, 8 })
                {
                    Sim.Options.PasswordRequirement = new PasswordRequirement { MinimumPasswordLength = minimum, HaveSpecialCharacter = special, ConsecutiveCharactersLength = run };
                    Connect(); // a new connection reads the account's rules again
                    Sim.ClearRequests();
                    var users = Enumerable.Range(0, 25).Select(i => $"u{i}-c{combination}@example.com").ToArray();

                    var r = Ps.Run(Pipe, (object)users);

                    r.ThrowIfFailed();
                    var what = $"minimum {minimum}, special {special}, run {run}";
                    Assert.True(users.Length == r.Results.Count, what);
                    Assert.All(r.Results, x => Assert.True(x.Str("Status") == "Succeeded", $"{what}: {x.Str("ErrorId")} {x.Str("Message")}"));
                    Assert.All(PasswordPuts(), q => Assert.True(q.StatusCode == 204, what));
                    Assert.All(users, u => Assert.Equal(Math.Max(24, minimum), Sim.Users[u].CurrentPassword!.Length));
                    combination++;
                }
    }

    [Fact]
    public void Passwords_are_new_for_every_user_and_every_run()
    {
        Connect();
        var users = Enumerable.Range(0, 100).Select(i => $"u{i}@example.com").ToArray();

        Ps.Run(Pipe, (object)users).ThrowIfFailed();
        var first = users.Select(u => Sim.Users[u].CurrentPassword!).ToList();
        Ps.Run(Pipe, (object)users).ThrowIfFailed();
        var second = users.Select(u => Sim.Users[u].CurrentPassword!).ToList();

        Assert.Equal(200, first.Concat(second).Distinct(StringComparer.Ordinal).Count());
        Assert.All(users, u => Assert.Equal(2, Sim.Users[u].PasswordChanges));
    }

    [Theory]
    [InlineData(SimFault.DropAfterApply)]
    [InlineData(SimFault.Status503AfterApply)]
    public void A_retried_row_sends_the_same_password_and_its_landed_first_try_reads_as_success(SimFault fault)
    {
        Connect();
        Sim.AddUser("landed@example.com", currentPassword: "Old7Heron!");
        Sim.Script("landed@example.com", fault);

        var r = Ps.Run("Set-ZoomUserPassword -UserId landed@example.com -Random -Confirm:$false");

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(2, x.Prop<int>("Attempts"));
        Assert.Contains("earlier attempt reached Zoom", x.Str("Message"));
        var puts = PasswordPuts("landed@example.com").ToList();
        Assert.Equal(2, puts.Count);
        Assert.Equal(puts[0].Body, puts[1].Body);
        Assert.Equal(400, puts[1].StatusCode); // "can not match the old password": the first try's
        var user = Sim.Users["landed@example.com"];
        Assert.Equal(1, user.PasswordChanges);
        Assert.Equal(user.CurrentPassword, Plain(x));
    }

    [Fact]
    public void A_row_whose_landed_first_try_lost_its_answer_and_then_spent_its_retries_keeps_its_password_for_the_second_round()
    {
        Connect("-MaxRetryCount 2 -RetryBaseDelayMs 20");
        // A good day so far: the unlucky row's three failures are not "most attempts failing".
        Ps.Run("$args[0] | Set-ZoomUserPassword -Random -Confirm:$false", (object)Enumerable.Range(0, 20).Select(i => $"warm{i}@example.com").ToArray()).ThrowIfFailed();
        Sim.AddUser("unlucky@example.com", currentPassword: "Old7Heron!");
        // The first attempt sets the password and its answer is lost; the two retries meet 503s: the round is spent.
        Sim.Script("unlucky@example.com", SimFault.Status503AfterApply, SimFault.Status503, SimFault.Status503);

        var r = Ps.Run("Set-ZoomUserPassword -UserId unlucky@example.com -Random -Confirm:$false");

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(4, x.Prop<int>("Attempts"));
        Assert.Contains("Tried again at the end of the run", x.Str("Message"));
        Assert.Contains("already in place", x.Str("Message"));
        // Every attempt, the second round's too, sent the same password, and it is the one handed back and the one Zoom holds.
        var puts = PasswordPuts("unlucky@example.com").ToList();
        Assert.Equal(4, puts.Count);
        Assert.All(puts, q => Assert.Equal(puts[0].Body, q.Body));
        var user = Sim.Users["unlucky@example.com"];
        Assert.Equal(1, user.PasswordChanges);
        Assert.Equal(JsonDocument.Parse(puts[0].Body).RootElement.GetProperty("password").GetString(), user.CurrentPassword);
        Assert.Equal(user.CurrentPassword, Plain(x));
    }

    [Fact]
    public void A_succeeded_row_carries_its_password_as_a_SecureString_and_a_failed_row_none()
    {
        Connect();
        Sim.AddUser("refused@example.com").PasswordError = (1136, "The password is too easy to guess.");
        var csv = WriteCsv("accounts.csv", new[] { "Email", "FirstName", "LastName", "Name" },
            new[] { "alice.smith@example.com", "Alice", "Smith", "Alice Smith" },
            new[] { "refused@example.com", "Rex", "Fused", "Rex Fused" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Random -Confirm:$false", csv);

        Assert.Null(r.Terminating);
        var ok = r.Results.Single(x => x.Str("UserId") == "alice.smith@example.com");
        Assert.Equal("Succeeded", ok.Str("Status"));
        Assert.IsType<SecureString>(ok.Properties["NewPassword"].Value);
        Assert.Equal(Sim.Users["alice.smith@example.com"].CurrentPassword, Plain(ok));
        var refused = r.Results.Single(x => x.Str("UserId") == "refused@example.com");
        Assert.Equal("PasswordTooWeak", refused.Str("ErrorId"));
        Assert.Null(refused.Properties["NewPassword"].Value);
        Assert.Equal("PasswordTooWeak" + Cmdlet, Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void The_names_a_row_has_are_bound_by_their_usual_property_names_and_avoided_row_by_row()
    {
        Connect();

        var r = Ps.Run(@"
            @([pscustomobject]@{ UserPrincipalName = 'a.smith@example.com'; GivenName = 'Alice'; Surname = 'Smith'; Name = 'Alice Smith' },
              [pscustomobject]@{ Email = 'b@example.com' },
              [pscustomobject]@{ Email = 'c@example.com'; first_name = 'Carl'; last_name = '' }) | Set-ZoomUserPassword -Random -Confirm:$false -Verbose");

        r.ThrowIfFailed();
        Assert.Equal(3, r.Results.Count);
        var lines = r.Verbose.Where(v => v.StartsWith("Setting a random password", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[]
        {
            "Setting a random password for 'a.smith@example.com' (password redacted), free of the user's address and FirstName, LastName, DisplayName.",
            "Setting a random password for 'b@example.com' (password redacted), free of the user's address.",
            "Setting a random password for 'c@example.com' (password redacted), free of the user's address and FirstName.",
        }, lines);
    }

    [Fact]
    public void No_password_the_simulator_received_appears_in_any_stream_result_report_or_view()
    {
        Connect();
        Sim.AddUser("refused@example.com").PasswordError = (1129, "Password has been used recently.");
        Sim.MissingUsers.Add("missing@example.com");
        Sim.AddUser("landed@example.com");
        Sim.Script("landed@example.com", SimFault.Status503AfterApply);
        var csv = WriteCsv("leaked.csv", new[] { "Email", "FirstName", "LastName" },
            new[] { "ok1@example.com", "Olga", "Kim" }, new[] { "ok2@example.com", "Omar", "Khan" },
            new[] { "refused@example.com", "Rita", "Fuss" }, new[] { "missing@example.com", "Mia", "Sing" },
            new[] { "landed@example.com", "Lan", "Ded" }, new[] { "", "No", "Body" });
        var report = Path.Combine(TempDir, "report.csv");

        // What a runbook keeps and shows: every stream at its most talkative, the CSV report, the
        // default view, every property as a list, JSON, each result's text and each error's.
        var r = Ps.Run(@"
            $results = Import-Csv -Path $args[0] | Set-ZoomUserPassword -Random -Confirm:$false -Verbose -Debug -ErrorVariable ev
            $results | Export-Csv -Path $args[1] -NoTypeInformation
            Get-Content -Raw -Path $args[1]
            $results | Format-Table | Out-String
            $results | Format-List -Property * | Out-String
            $results | ConvertTo-Json -Depth 4
            foreach ($o in $results) { $o.ToString() }
            foreach ($e in $ev) { $e.ToString(); $e.Exception.ToString() }
            $results", csv, report);

        Assert.Null(r.Terminating);
        Assert.Equal(6, r.Results.Count);
        var sent = PasswordPuts().Select(q => JsonDocument.Parse(q.Body).RootElement.GetProperty("password").GetString()!).Distinct().ToList();
        Assert.Equal(5, sent.Count); // ok1, ok2, refused, missing, landed (twice, the same)
        Assert.Contains(r.Verbose, v => v.Contains("password redacted"));
        Assert.Contains(r.Debug, d => d.Contains("PUT"));
        Assert.Contains(r.Output, o => o.BaseObject is string s && s.Contains("System.Security.SecureString"));
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, sent.Select((p, i) => (p, $"password sent in PUT {i}")).ToArray());

        // They were handed back, as SecureStrings, on the three rows that succeeded.
        var handed = r.Results.Where(x => x.Str("Status") == "Succeeded").Select(Plain).ToList();
        Assert.Equal(3, handed.Count);
        Assert.All(handed, p => Assert.Contains(p, sent));
    }

    [Fact]
    public void WhatIf_makes_no_password_sends_nothing_and_shows_each_row()
    {
        Connect();
        Sim.ClearRequests();

        var r = Ps.Run("'a@example.com', 'b@example.com', '' | Set-ZoomUserPassword -Random -WhatIf");

        Assert.Null(r.Terminating);
        Assert.Empty(r.Output);
        Assert.Empty(PasswordPuts());
        var whatIf = Ps.Host.Recorder.WhatIfLines.ToList();
        Assert.Equal(2, whatIf.Count);
        Assert.All(whatIf, l => Assert.Contains("Set a random password", l));
        Assert.Equal("UserIdMissing" + Cmdlet, Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(Ps.Host.Recorder.Prompts);
    }

    [Fact]
    public void By_default_each_row_is_confirmed_and_No_sends_nothing()
    {
        Connect();
        Ps.Host.Recorder.ChoiceAnswer = 2; // No

        var r = Ps.Run("'a@example.com', 'b@example.com' | Set-ZoomUserPassword -Random");

        Assert.Null(r.Terminating);
        Assert.Empty(r.Results);
        Assert.Empty(PasswordPuts());
        var prompts = Ps.Host.Recorder.Prompts.ToList();
        Assert.Equal(2, prompts.Count);
        Assert.Contains("a@example.com", prompts[0]);
        Assert.Contains("Set a random password", prompts[0]);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(40)]
    public void An_account_minimum_above_31_fails_every_row_with_PasswordRulesUnmeetable_before_any_request(int minimum)
    {
        Sim.Options.PasswordRequirement = new PasswordRequirement { MinimumPasswordLength = minimum };
        Connect();
        Ps.Host.Recorder.ChoiceAnswer = 0; // Yes: a row no password can be made for is never put to the user

        var r = Ps.Run("'a@example.com', 'b@example.com' | Set-ZoomUserPassword -Random");
        var dry = Ps.Run("'a@example.com', 'b@example.com' | Set-ZoomUserPassword -Random -WhatIf");

        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Results.Count);
        Assert.All(r.Results, x =>
        {
            Assert.Equal("Failed", x.Str("Status"));
            Assert.Equal("PasswordRulesUnmeetable", x.Str("ErrorId"));
            Assert.Contains($"at least {minimum} characters", x.Str("Message"));
            Assert.Equal(0, x.Prop<int>("Attempts"));
        });
        Assert.All(r.Errors, e =>
        {
            Assert.Equal("PasswordRulesUnmeetable" + Cmdlet, e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        });
        Assert.Equal(2, r.Errors.Count);
        Assert.Empty(Ps.Host.Recorder.Prompts);
        Assert.Empty(dry.Output);
        Assert.Equal(2, dry.Errors.Count(e => e.FullyQualifiedErrorId == "PasswordRulesUnmeetable" + Cmdlet));
        Assert.Empty(PasswordPuts());
    }

    [Fact]
    public void Random_and_Password_are_separate_parameter_sets()
    {
        Connect();

        var r = Ps.Run("Set-ZoomUserPassword -UserId a@example.com -Random -Password 'Blue7Heron!' -Confirm:$false");
        var sets = Ps.Run("(Get-Command Set-ZoomUserPassword).ParameterSets | ForEach-Object { $_.Name + ':' + (($_.Parameters | Where-Object IsMandatory).Name -join ',') }");

        Assert.Null(r.Terminating);
        Assert.StartsWith("AmbiguousParameterSet,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(r.Output);
        Assert.Empty(PasswordPuts());
        Assert.Equal(new[] { "Password:UserId", "Random:Random,UserId" }, sets.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal));
    }

    private static string Plain(PSObject result)
    {
        var secure = (SecureString)result.Properties["NewPassword"].Value;
        var p = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try { return Marshal.PtrToStringUni(p, secure.Length); }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(p); }
    }
}
