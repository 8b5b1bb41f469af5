using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Security;

/// <summary>
/// The client secret: given to Connect-Zoom as a SecureString or a PSCredential, right or wrong,
/// whether the token service answers or not, it never shows in anything the run produced.
/// </summary>
public sealed class ClientSecretLeakTests : ModuleTest
{
    private const string Secret = "CsSentinel-7f3b9c-RealSecret";
    private const string WrongSecret = "CsSentinel-2d8e41-WrongSecret";

    protected override SimulatorOptions CreateOptions() => new() { ClientSecret = Secret };

    private (string Secret, string What)[] Secrets(string secret) => new[]
    {
        (secret, "client secret"),
        (Convert.ToBase64String(Encoding.UTF8.GetBytes(Sim.Options.ClientId + ":" + secret)), "Basic client credentials"),
    };

    [Fact]
    public void A_successful_connect_shows_no_secret_in_its_output_or_streams()
    {
        Ps.SetSecureString("s", Secret);

        var r = Ps.Run(@"
            $c = Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Verbose -Debug
            $c; $c.ToString(); Get-ZoomConnection; (Get-ZoomConnection).ToString()", Sim.TokenUri, Sim.ApiBaseUri);

        r.ThrowIfFailed();
        Assert.Equal(1, Sim.TokenRequestCount);
        Assert.NotEmpty(r.Verbose);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(Secret));
    }

    [Fact]
    public void A_PSCredential_secret_does_not_show_either()
    {
        Ps.SetCredential("cred", "client-1", Secret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -Credential $cred -TokenUri $args[0] -ApiBaseUri $args[1] -Verbose -Debug", Sim.TokenUri, Sim.ApiBaseUri);

        r.ThrowIfFailed();
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(Secret));
    }

    [Fact]
    public void A_wrong_secret_fails_without_showing_the_secret_that_was_tried()
    {
        Ps.SetSecureString("s", WrongSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Verbose -Debug", Sim.TokenUri, Sim.ApiBaseUri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ZoomAuthenticationFailed,", e.FullyQualifiedErrorId);
        // The attempt did reach the token service with the wrong secret: the check is about our output.
        Assert.Equal(401, Sim.Requests.Single(q => q.Path == "/oauth/token").StatusCode);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(WrongSecret));
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(Secret));
    }

    [Fact]
    public void A_wrong_secret_caught_by_try_catch_still_hides_it()
    {
        Ps.SetSecureString("s", WrongSecret);

        var r = Ps.Run(@"
            try { Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -ErrorAction Stop }
            catch { $_.ToString(); $_.Exception.ToString(); [string]$_.TargetObject; $_.InvocationInfo.Line }", Sim.TokenUri, Sim.ApiBaseUri);

        Assert.NotEmpty(r.Output);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(WrongSecret));
    }

    [Fact]
    public void A_token_service_that_cannot_be_reached_fails_without_the_secret()
    {
        var closedPort = FreeLoopbackPort();
        Ps.SetSecureString("s", Secret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Verbose -Debug",
            $"http://127.0.0.1:{closedPort}/oauth/token", Sim.ApiBaseUri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ZoomAuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("Could not reach", e.Exception.Message);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(Secret));
    }

    [Fact]
    public void A_token_renewal_during_a_run_does_not_show_the_secret()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Sim.ExpireAllTokens();

        var r = Ps.Run("Set-ZoomUserPassword -UserId renew@example.com -Password 'Blue7Heron!' -Confirm:$false -Verbose -Debug");

        r.ThrowIfFailed();
        Assert.Equal(2, Sim.TokenRequestCount);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, Secrets(Secret));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
