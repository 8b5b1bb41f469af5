using System.Net;
using System.Net.Sockets;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Certificate errors are never ignored: an https endpoint with an untrusted certificate fails the
/// call with an error, and no request byte (no secret, no password) reaches it decrypted. The code
/// side of the same promise: PrimaryHandlerFactory sets no certificate callback.
/// </summary>
public sealed class TlsTests : ModuleTest
{
    private const string Secret = "TlsSentinel-9b2f-ClientSecret";
    private const string Password = "TlsSntl7Password!";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task An_untrusted_token_service_certificate_fails_Connect_Zoom(string host)
    {
        await using var server = new UntrustedTlsServer();
        Ps.SetSecureString("s", Secret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -TimeoutSec 5 -Verbose -Debug",
            $"https://{host}:{server.Port}/oauth/token", $"https://{host}:{server.Port}/v2");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ZoomAuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.Contains(Chain(e.Exception), m => m.Contains("certificate", StringComparison.OrdinalIgnoreCase));
        await server.SettleAsync();
        Assert.True(server.ConnectionsMade >= 1);
        Assert.Equal(0, server.RequestsRead);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Secret, "client secret"));
    }

    [Fact]
    public async Task An_untrusted_API_certificate_fails_the_row_and_the_password_never_leaves()
    {
        await using var server = new UntrustedTlsServer();
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        // A genuine token from the simulator, then API calls to the untrusted endpoint.
        var r = Ps.Run(@"
            Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -MaxRetryCount 0 | Out-Null
            Set-ZoomUserPassword -UserId a@example.com -Password $args[2] -Confirm:$false -Verbose -Debug",
            Sim.TokenUri, $"https://127.0.0.1:{server.Port}/v2", Password);

        Assert.Null(r.Terminating);
        var x = Assert.Single(r.Results);
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal("ConnectionFailed", x.Str("ErrorId"));
        Assert.Contains("certificate", x.Str("Message"), StringComparison.OrdinalIgnoreCase);
        await server.SettleAsync();
        Assert.True(server.ConnectionsMade >= 2); // the settings read, then the password
        Assert.Equal(0, server.RequestsRead);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (Password, "password"));
    }

    [Fact]
    public void An_https_URI_with_no_server_behind_it_fails_Connect_Zoom()
    {
        Ps.SetSecureString("s", Secret);
        var port = ClosedPort();

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]",
            $"https://127.0.0.1:{port}/oauth/token", $"https://127.0.0.1:{port}/v2");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ZoomAuthenticationFailed,", e.FullyQualifiedErrorId);
        Assert.Contains("Could not reach", e.Exception.Message);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
    }

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e != null; e = e.InnerException) yield return e.Message;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
