using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>
/// A PUT whose answer was lost may still have landed. Its retry then meets "can not match the old
/// password": that is the first attempt's success, not a failure.
/// </summary>
public sealed class PasswordRetryTests : PasswordTest
{
    [Theory]
    [InlineData(SimFault.DropAfterApply)]
    [InlineData(SimFault.Status503AfterApply)]
    public void A_retry_that_finds_the_password_already_set_reports_success(SimFault fault)
    {
        Connect();
        Sim.AddUser("landed@example.com", currentPassword: "Old7Heron!");
        Sim.Script("landed@example.com", fault);

        var r = Ps.Run("Set-ZoomUserPassword -UserId landed@example.com -Password 'Blue7Heron!' -Confirm:$false");

        r.ThrowIfFailed();
        AssertLanded(r);
    }

    [Fact]
    public void A_timed_out_attempt_that_landed_is_reported_as_success()
    {
        Sim.Options.Faults.StallDuration = TimeSpan.FromSeconds(20);
        Connect("-TimeoutSec 1");
        Sim.AddUser("landed@example.com", currentPassword: "Old7Heron!");
        Sim.Script("landed@example.com", SimFault.StallAfterApply);

        var r = Ps.Run("Set-ZoomUserPassword -UserId landed@example.com -Password 'Blue7Heron!' -Confirm:$false");

        r.ThrowIfFailed();
        AssertLanded(r);
    }

    [Fact]
    public void A_retry_after_a_failure_that_never_applied_is_a_plain_success()
    {
        Connect();
        Sim.AddUser("plain@example.com", currentPassword: "Old7Heron!");
        Sim.Script("plain@example.com", SimFault.Status503);

        var r = Ps.Run("Set-ZoomUserPassword -UserId plain@example.com -Password 'Blue7Heron!' -Confirm:$false");

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(204, x.Prop<int>("HttpStatus"));
        Assert.Equal("Password updated.", x.Str("Message"));
        Assert.Equal(2, x.Prop<int>("Attempts"));
    }

    [Fact]
    public void A_dropped_attempt_that_did_not_land_is_retried_and_sets_the_password()
    {
        Connect();
        Sim.AddUser("dropped@example.com", currentPassword: "Old7Heron!");
        Sim.Script("dropped@example.com", SimFault.Drop);

        var r = Ps.Run("Set-ZoomUserPassword -UserId dropped@example.com -Password 'Blue7Heron!' -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal("Password updated.", Assert.Single(r.Results).Str("Message"));
        Assert.Equal("Blue7Heron!", Sim.Users["dropped@example.com"].CurrentPassword);
    }

    private void AssertLanded(PsResult r)
    {
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Null(x.Properties["ErrorId"].Value);
        Assert.Contains("earlier attempt reached Zoom", x.Str("Message"));
        Assert.Equal(2, x.Prop<int>("Attempts"));
        Assert.Empty(r.Errors);

        var user = Sim.Users["landed@example.com"];
        Assert.Equal("Blue7Heron!", user.CurrentPassword);
        Assert.Equal(1, user.PasswordChanges);
        var puts = PasswordPuts("landed@example.com").ToList();
        Assert.Equal(2, puts.Count);
        Assert.Equal(400, puts[1].StatusCode);
    }
}
