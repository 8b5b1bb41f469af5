using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// Zoom's refusals become Failed rows carrying Zoom's code and message and a stable ErrorId. Codes the
/// local rules would catch first are forced through SimUser.PasswordError (Zoom's rules may differ
/// from ours); the others come from the simulator's own rules.
/// </summary>
public sealed class PasswordZoomErrorTests : PasswordTest
{
    public static TheoryData<int, string, string, ErrorCategory> ForcedAnswers => new()
    {
        { 1117, "Can not update an admin's password.", "AdminPasswordChangeNotAllowed", ErrorCategory.PermissionDenied },
        { 1123, "Only a user with a Zoom work email can have a password set.", "PasswordChangeNotSupported", ErrorCategory.InvalidOperation },
        { 1124, "Password is too short.", "PasswordTooShort", ErrorCategory.InvalidData },
        { 1125, "Password must contain at least one letter.", "PasswordNeedsLetter", ErrorCategory.InvalidData },
        { 1126, "Password must contain at least one number.", "PasswordNeedsNumber", ErrorCategory.InvalidData },
        { 1127, "Password must contain at least one special character.", "PasswordNeedsSpecialCharacter", ErrorCategory.InvalidData },
        { 1128, "Password must include both uppercase and lowercase characters.", "PasswordNeedsMixedCase", ErrorCategory.InvalidData },
        { 1129, "Password has been used recently.", "PasswordRecentlyUsed", ErrorCategory.InvalidData },
        { 1130, "Password cannot contain only one identical character.", "PasswordRepeatedCharacter", ErrorCategory.InvalidData },
        { 1131, "Password cannot contain consecutive characters.", "PasswordConsecutiveCharacters", ErrorCategory.InvalidData },
        { 1136, "The password is too easy to guess.", "PasswordTooWeak", ErrorCategory.InvalidData },
        { 300, "This password cannot be changed because it has already been changed the maximum number of times over the past 24 hours.", "PasswordChangeLimit", ErrorCategory.LimitsExceeded },
        { 300, "Your new password can not match the old password.", "PasswordSameAsOld", ErrorCategory.InvalidData },
        { 300, "Something else about the password.", "PasswordRejected", ErrorCategory.InvalidData },
        { 1010, "User does not belong to this account.", "UserNotFound", ErrorCategory.ObjectNotFound },
    };

    [Theory]
    [MemberData(nameof(ForcedAnswers))]
    public void Each_Zoom_answer_becomes_a_failed_row_with_its_code_message_and_ErrorId(int code, string message, string errorId, ErrorCategory category)
    {
        Connect();
        Sim.AddUser("z@example.com").PasswordError = (code, message);

        var r = Ps.Run("Set-ZoomUserPassword -UserId z@example.com -Password 'Blue7Heron!' -Confirm:$false");

        var x = ResultAssert.SingleRefusal(r, code, errorId, message);
        Assert.Equal(Assert.Single(PasswordPuts()).TrackingId, x.Str("TrackingId"));
        var e = Assert.Single(r.Errors);
        Assert.Equal(errorId + Cmdlet, e.FullyQualifiedErrorId);
        Assert.Equal(category, e.CategoryInfo.Category);
        Assert.Same(x.BaseObject, e.TargetObject);
        Assert.Equal($"Could not set the password of 'z@example.com': {message}", e.Exception.Message);
    }

    [Fact]
    public void The_same_password_as_now_without_an_earlier_attempt_is_PasswordSameAsOld()
    {
        Connect();
        Sim.AddUser("same@example.com", currentPassword: "Blue7Heron!");

        var r = Ps.Run("Set-ZoomUserPassword -UserId same@example.com -Password 'Blue7Heron!' -Confirm:$false");

        var x = Assert.Single(r.Results);
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal("PasswordSameAsOld", x.Str("ErrorId"));
        Assert.Equal(300, x.Prop<int>("ErrorCode"));
        Assert.Equal("Your new password can not match the old password.", x.Str("Message"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.Equal(0, Sim.Users["same@example.com"].PasswordChanges);
    }

    [Fact]
    public void A_recently_used_password_is_1129_from_the_account_history()
    {
        Sim.Options.PasswordHistory = 3;
        Connect();
        Sim.AddUser("hist@example.com", currentPassword: "Blue7Heron!");

        var r = Ps.Run(@"
            Set-ZoomUserPassword -UserId hist@example.com -Password 'Gray7Heron!' -Confirm:$false
            Set-ZoomUserPassword -UserId hist@example.com -Password 'Blue7Heron!' -Confirm:$false");

        Assert.Equal(new[] { "Succeeded", "Failed" }, r.Results.Select(x => x.Str("Status")));
        var x = r.Results[1];
        Assert.Equal(1129, x.Prop<int>("ErrorCode"));
        Assert.Equal("PasswordRecentlyUsed", x.Str("ErrorId"));
        Assert.Equal("Gray7Heron!", Sim.Users["hist@example.com"].CurrentPassword);
    }

    [Theory]
    [InlineData("Blue7Heron!", 1124, "PasswordTooShort")]        // 11 < the account's 12
    [InlineData("Blue7HeronSky", 1127, "PasswordNeedsSpecialCharacter")]
    [InlineData("Blue7Heron!wxyz", 1131, "PasswordConsecutiveCharacters")]
    public void Account_rules_the_token_could_not_read_are_enforced_by_Zoom(string password, int code, string errorId)
    {
        Sim.Options.Scopes = "user:write:admin";
        Sim.Options.PasswordRequirement = new PasswordRequirement { MinimumPasswordLength = 12, HaveSpecialCharacter = true, ConsecutiveCharactersLength = 4 };
        Connect();

        var r = Ps.Run("Set-ZoomUserPassword -UserId acct@example.com -Password $args[0] -Confirm:$false", password);

        var x = Assert.Single(r.Results);
        Assert.Equal(code, x.Prop<int>("ErrorCode"));
        Assert.Equal(errorId, x.Str("ErrorId"));
        Assert.Equal(errorId + Cmdlet, Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void An_unknown_user_is_404_code_1001_ObjectNotFound_and_the_run_goes_on()
    {
        Connect();
        Sim.MissingUsers.Add("ghost@example.com");

        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" }, new[] { "ghost@example.com", "Blue7Heron!" }, new[] { "real@example.com", "Blue7Heron!" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", csv);

        var x = r.Results.Single(o => o.Str("UserId") == "ghost@example.com");
        Assert.Equal(404, x.Prop<int>("HttpStatus"));
        Assert.Equal(1001, x.Prop<int>("ErrorCode"));
        Assert.Equal("UserNotFound", x.Str("ErrorId"));
        Assert.Equal("User does not exist: ghost@example.com.", x.Str("Message"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(r.Errors).CategoryInfo.Category);
        Assert.Equal("Succeeded", r.Results.Single(o => o.Str("UserId") == "real@example.com").Str("Status"));
    }

    [Fact]
    public void A_missing_password_scope_names_the_scopes_to_add()
    {
        Sim.Options.Scopes = "account:read:admin";
        Connect();

        var r = Ps.Run("Set-ZoomUserPassword -UserId s@example.com -Password 'Blue7Heron!' -Confirm:$false");

        var x = Assert.Single(r.Results);
        Assert.Equal("MissingScope", x.Str("ErrorId"));
        Assert.Equal(4711, x.Prop<int>("ErrorCode"));
        Assert.Contains("user:update:password:admin", x.Str("Message"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
    }
}
