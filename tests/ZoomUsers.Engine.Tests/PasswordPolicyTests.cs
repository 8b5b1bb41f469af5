using System.Security;
using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Zq8wPlm2", null)]
    [InlineData("Short1a", "at least 8")]
    [InlineData("Abcdefgh1234567890Abcdefgh12345X", "at most 31")]
    [InlineData("12345678Z", "upper and lower")]
    [InlineData("NoDigitsHere", "number")]
    [InlineData("onlylower1x", "upper and lower")]
    [InlineData("Xabcdef9q", "consecutive")]
    [InlineData("Q9876543w", "consecutive")]
    [InlineData("Pässwort12", "non-ASCII")]
    [InlineData("Has Space1x", "space")]
    public void Basic_rules(string password, string? expected)
    {
        var message = PasswordPolicy.Check(password.ToCharArray(), password.Length, PasswordRules.Basic);
        if (expected == null) Assert.Null(message);
        else Assert.Contains(expected, message);
    }

    [Fact]
    public void Messages_name_the_rule_never_the_password()
    {
        const string sentinel = "Zz1abcdefSENTINEL";
        var message = PasswordPolicy.Check(sentinel.ToCharArray(), sentinel.Length, PasswordRules.Basic);
        Assert.NotNull(message);
        Assert.DoesNotContain("SENTINEL", message);
    }

    [Fact]
    public void Enhanced_rules_tighten_length_special_characters_and_runs()
    {
        var rules = new PasswordRules(minimumLength: 12, requireSpecialCharacter: true, consecutiveRun: 4, fromAccount: true);
        Assert.Contains("at least 12", PasswordPolicy.Check("Zq8wPlm2x".ToCharArray(), 9, rules));
        Assert.Contains("special", PasswordPolicy.Check("Zq8wPlm2xYtr".ToCharArray(), 12, rules));
        Assert.Contains("4 or more", PasswordPolicy.Check("Zq8!wxyzPlm2".ToCharArray(), 12, rules));
        Assert.Null(PasswordPolicy.Check("Zq8!wPlm2xYt".ToCharArray(), 12, rules));
    }

    [Fact]
    public void An_empty_SecureString_is_PasswordMissing()
    {
        var prepared = PasswordRequest.Prepare(new SecureString(), PasswordRules.Basic);
        Assert.Null(prepared.Value);
        var id = prepared.Failure?.ErrorId;
        Assert.Equal(ErrorIds.PasswordMissing, id);
    }
}
