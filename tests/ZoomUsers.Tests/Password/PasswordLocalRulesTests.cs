using System.Management.Automation;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// Zoom's basic rules, checked before anything is sent: a failing row fails alone, names the rule
/// and never the password, and the rows around it still go.
/// </summary>
public sealed class PasswordLocalRulesTests : PasswordTest
{
    public static TheoryData<string, string, string> BrokenRules => new()
    {
        // password, ErrorId, words the message must contain
        { "", "PasswordMissing", "empty" },
        { "        ", "PasswordMissing", "blank" },
        { "\t \t    ", "PasswordMissing", "blank" },
        { "Ab3defg", "PasswordPolicy", "at least 8 characters" },                    // 7 characters
        { "Ab3" + new string('x', 28) + "Z", "PasswordPolicy", "at most 31 characters" }, // 32 characters
        { "Blue7 Heron", "PasswordPolicy", "space" },
        { "Bl\u00e9u7Heron", "PasswordPolicy", "non-ASCII" },                          // accented letter
        { "\u0411\u043b\u0443\u04357Heron", "PasswordPolicy", "non-ASCII" },          // Cyrillic letters
        { "Blue7Her\u00f6n!", "PasswordPolicy", "non-ASCII" },
        { "Blue\u200b7Heron", "PasswordPolicy", "non-ASCII" },                        // zero-width space
        { "7777777777", "PasswordPolicy", "one repeated character" },
        { "zzzzzzzzzz", "PasswordPolicy", "one repeated character" },
        { "19283746!?", "PasswordPolicy", "one letter" },
        { "BlueHeron!", "PasswordPolicy", "one number" },
        { "blue7heron!", "PasswordPolicy", "upper and lower case" },
        { "BLUE7HERON!", "PasswordPolicy", "upper and lower case" },
        { "Xabcdef9!", "PasswordPolicy", "consecutive" },
        { "Heron123456", "PasswordPolicy", "consecutive" },
        { "Heron987654", "PasswordPolicy", "consecutive" },
        { "ZYXWVu7!", "PasswordPolicy", "consecutive" },                             // falling, mixed case
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void A_password_that_breaks_a_basic_rule_fails_its_row_alone_and_names_the_rule(string password, string errorId, string rule)
    {
        Connect();

        var r = Ps.Run(@"
            @([pscustomobject]@{ UserId = 'bad@example.com';  Password = $args[0] },
              [pscustomobject]@{ UserId = 'good@example.com'; Password = 'Blue7Heron!' }) | Set-ZoomUserPassword -Confirm:$false", password);

        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Results.Count);
        var failed = r.Results.Single(x => x.Str("UserId") == "bad@example.com");
        Assert.Equal("Failed", failed.Str("Status"));
        Assert.Equal(errorId, failed.Str("ErrorId"));
        Assert.Contains(rule, failed.Str("Message"), StringComparison.OrdinalIgnoreCase);
        Assert.Null(failed.Properties["HttpStatus"].Value);
        Assert.Equal(0, failed.Prop<int>("Attempts"));
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == "good@example.com").Str("Status"));

        var error = Assert.Single(r.Errors);
        Assert.Equal(errorId + Cmdlet, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(failed.BaseObject, error.TargetObject);
        Assert.Contains("bad@example.com", error.Exception.Message);

        Assert.Empty(PasswordPuts("bad@example.com"));
        Assert.Single(PasswordPuts("good@example.com"));
        if (password.Trim().Length > 0)
            Security.LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (password, "rejected password"));
    }

    [Theory]
    [InlineData("Ab3defgh")]                                 // exactly 8
    [InlineData("Ab3xxxxxxxxxxxxxxxxxxxxxxxxxxxZ")]          // exactly 31
    [InlineData("Xabcde9!")]                                 // a run of 5 is still allowed
    [InlineData("aB3!@#$%^&*()_+-=[]{};:,.<>/?~")]          // ASCII symbols are fine
    public void Passwords_at_the_edges_of_the_basic_rules_are_sent(string password)
    {
        Connect();

        var r = Ps.Run("Set-ZoomUserPassword -UserId edge@example.com -Password $args[0] -Confirm:$false", password);

        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        Assert.Equal(password, Sim.Users["edge@example.com"].CurrentPassword);
    }

    [Fact]
    public void A_null_password_column_fails_as_missing()
    {
        Connect();

        var r = Ps.Run("[pscustomobject]@{ UserId = 'n@example.com'; Password = $null } | Set-ZoomUserPassword -Confirm:$false");

        Assert.Equal("PasswordMissing", Assert.Single(r.Results).Str("ErrorId"));
        Assert.StartsWith("PasswordMissing,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(PasswordPuts());
    }

    [Fact]
    public void Every_bad_row_of_a_mixed_file_gets_its_own_result_and_error()
    {
        Connect();

        var r = Ps.Run(@"
            @([pscustomobject]@{ UserId = 'a@example.com'; Password = '' },
              [pscustomobject]@{ UserId = 'b@example.com'; Password = 'short1A' },
              [pscustomobject]@{ UserId = 'c@example.com'; Password = 'Blue7Heron!' },
              [pscustomobject]@{ UserId = '';              Password = 'Blue7Heron!' },
              [pscustomobject]@{ UserId = 'd@example.com'; Password = 'nonumbers!X' }) | Set-ZoomUserPassword -Confirm:$false");

        Assert.Null(r.Terminating);
        Assert.Equal(5, r.Results.Count);
        Assert.Equal(4, r.Errors.Count);
        Assert.Equal(new[] { "PasswordMissing", "PasswordPolicy", "PasswordPolicy", "UserIdMissing" },
            r.Results.Where(x => x.Str("Status") == "Failed").Select(x => x.Str("ErrorId")!).OrderBy(x => x));
        Assert.Equal("c@example.com", Assert.Single(PasswordPuts()).UserId);
    }
}
