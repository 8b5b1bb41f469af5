using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Certificate errors are never ignored, and each is named: a certificate that chains to a root the
/// process does not trust (a TLS-inspecting proxy's), an expired one and one for another name each fail
/// with their own ErrorId, what failed and the remedy, once (not retried), and no request byte (no
/// secret, no password) reaches the server decrypted. The process trusts the test CA (TestTrust), so
/// the expired and wrong-name certificates fail for that one reason alone; where it trusts none
/// (macOS), those two are skipped (HttpsFact).
/// </summary>
public sealed class TlsTests : ModuleTest
{
    private const string Secret = "TlsSentinel-9b2f-ClientSecret";
    private const string Password = "TlsSntl7Password!";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task An_untrusted_token_service_certificate_fails_Connect_Zoom_named_with_the_remedy(string host)
    {
        await using var server = FlawedTlsServer.Untrusted();
        Ps.SetSecureString("s", Secret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -TimeoutSec 5 -Verbose -Debug",
            $"https://{host}:{server.Port}/oauth/token", $"https://{host}:{server.Port}/v2");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("TlsCertificateUntrusted,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, e.CategoryInfo.Category);
        Assert.Contains($"The certificate {host}:{server.Port} presented does not chain to a root this computer trusts", e.Exception.Message);
        Assert.Contains("issued by 'CN=TLS-inspecting proxy CA nobody trusts", e.Exception.Message); // who issued it
        Assert.Contains("add it to the operating system's trusted roots", e.Exception.Message);
        Assert.DoesNotContain("Zoom refused", e.Exception.Message);
        await server.SettleAsync();
        Assert.Equal(1, server.ConnectionsMade); // not retried
        Assert.Equal(0, server.RequestsRead);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Secret, "client secret"));
    }

    [Fact]
    public async Task An_untrusted_API_certificate_fails_the_row_once_and_the_password_never_leaves()
    {
        await using var server = FlawedTlsServer.Untrusted();
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        // A genuine token from the simulator, then API calls to the untrusted endpoint, with retries allowed.
        var r = Ps.Run(@"
            Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] | Out-Null
            Set-ZoomUserPassword -UserId a@example.com -Password $args[2] -Confirm:$false -Verbose -Debug",
            Sim.TokenUri, $"https://127.0.0.1:{server.Port}/v2", Password);

        Assert.Null(r.Terminating);
        var x = Assert.Single(r.Results);
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal("TlsCertificateUntrusted", x.Str("ErrorId"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.Contains("does not chain to a root this computer trusts", x.Str("Message"));
        Assert.Equal(ErrorCategory.SecurityError, Assert.Single(r.Errors).CategoryInfo.Category);
        await server.SettleAsync();
        Assert.Equal(2, server.ConnectionsMade); // the settings read, then the password: once each
        Assert.Equal(0, server.RequestsRead);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Password, "password"));
    }

    [HttpsFact]
    public async Task An_expired_certificate_is_named_with_its_dates_and_the_clock_to_check()
    {
        await using var server = FlawedTlsServer.Expired();
        Ps.SetSecureString("s", Secret);

        var r = ConnectZoom($"https://localhost:{server.Port}");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("TlsCertificateExpired,", e.FullyQualifiedErrorId);
        Assert.Contains($"The certificate localhost:{server.Port} presented is not valid at this time", e.Exception.Message);
        Assert.Contains($"to {server.NotAfterUtc:yyyy-MM-dd}", e.Exception.Message);
        Assert.Contains("Check this computer's clock", e.Exception.Message);
        await server.SettleAsync();
        Assert.Equal(1, server.ConnectionsMade);
        Assert.Equal(0, server.RequestsRead);
    }

    [HttpsFact]
    public async Task A_certificate_for_another_name_is_named_with_the_name_it_is_for()
    {
        await using var server = FlawedTlsServer.WrongName();
        Ps.SetSecureString("s", Secret);

        var r = ConnectZoom($"https://127.0.0.1:{server.Port}");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("TlsCertificateNameMismatch,", e.FullyQualifiedErrorId);
        Assert.Contains($"The certificate 127.0.0.1:{server.Port} presented is not for that name", e.Exception.Message);
        Assert.Contains("zoom.example.net", e.Exception.Message);
        await server.SettleAsync();
        Assert.Equal(1, server.ConnectionsMade);
        Assert.Equal(0, server.RequestsRead);
    }

    [Fact]
    public async Task Through_a_proxy_tunnel_a_TLS_inspecting_certificate_is_named_untrusted_not_a_connection_failure()
    {
        await using var inspecting = FlawedTlsServer.Untrusted();
        await using var proxy = new LoopbackForwardProxy();
        Ps.SetSecureString("tok", "any-token");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] -Proxy $args[1] | Out-Null
            Set-ZoomUserPicture -UserId a@example.com -ImageData $photo",
            $"https://127.0.0.1:{inspecting.Port}/v2", proxy.Uri);

        var x = Assert.Single(r.Results);
        Assert.Equal("TlsCertificateUntrusted", x.Str("ErrorId"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.Equal($"CONNECT 127.0.0.1:{inspecting.Port} HTTP/1.1", Assert.Single(proxy.Requests).RequestLine);
        await inspecting.SettleAsync();
        Assert.Equal(0, inspecting.RequestsRead);
    }

    [Fact]
    public void An_https_URI_with_no_server_behind_it_fails_Connect_Zoom()
    {
        Ps.SetSecureString("s", Secret);
        var port = ClosedPort();

        var r = ConnectZoom($"https://127.0.0.1:{port}");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ZoomAuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("Could not reach", e.Exception.Message);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
    }

    /// <summary>Connect-Zoom with client credentials, its token and API addresses on <paramref name="baseUri"/>.</summary>
    private PsResult ConnectZoom(string baseUri) =>
        Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]",
            $"{baseUri}/oauth/token", $"{baseUri}/v2");

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
