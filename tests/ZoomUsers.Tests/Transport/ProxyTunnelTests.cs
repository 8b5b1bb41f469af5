using System.Management.Automation;
using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// The path every real user takes: Zoom answers over HTTPS only, so through a proxy each connection
/// is a <c>CONNECT</c> tunnel. The simulator serves HTTPS with a certificate this process trusts
/// (TestTrust); the proxy records each tunnel and the port it left from, which the simulator records
/// for each request, so each test sees which requests each tunnel carried.
/// </summary>
public sealed class ProxyTunnelTests : ModuleTest
{
    private const string ProxyUser = "proxy-user";
    private const string ProxyPassword = "PxSentinel-5d1a-TunnelPassword";

    protected override bool OverTls => true;

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    [HttpsFact]
    public async Task The_token_request_and_every_API_call_go_through_CONNECT_tunnels_over_TLS()
    {
        await using var proxy = new LoopbackForwardProxy();
        Ps.SetSecureString("s", Sim.Options.ClientSecret);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2] | Out-Null
            Set-ZoomUserPicture -UserId a@example.com -ImageData $photo
            Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!' -Confirm:$false",
            Sim.TokenUri, Sim.ApiBaseUri, proxy.Uri);

        r.ThrowIfFailed();
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.StartsWith("https://", Sim.TokenUri.ToString());
        Assert.All(proxy.Requests, q => Assert.Equal($"CONNECT 127.0.0.1:{Sim.BaseUri.Port} HTTP/1.1", q.RequestLine));
        AssertCarriedByTunnels(proxy, 4); // token, settings, picture, password
    }

    [HttpsFact]
    public async Task ProxyCredential_answers_the_CONNECT_challenge_and_never_shows()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        Ps.SetSecureString("s", Sim.Options.ClientSecret);
        Ps.SetCredential("pc", ProxyUser, ProxyPassword);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2] -ProxyCredential $pc -Verbose -Debug
            Set-ZoomUserPicture -UserId a@example.com -ImageData $photo -Verbose -Debug
            Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!' -Confirm:$false -Verbose -Debug",
            Sim.TokenUri, Sim.ApiBaseUri, proxy.Uri);

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        var expected = Basic(ProxyUser, ProxyPassword);
        Assert.True(proxy.Challenges >= 1); // .NET offers credentials only once challenged
        Assert.All(proxy.Tunnels, t => Assert.Equal(expected, t.ProxyAuthorization));
        AssertCarriedByTunnels(proxy, 4);
        // The proxy's credentials are for the proxy: inside the tunnel the server never sees them.
        Assert.All(Sim.Requests, q => Assert.False(q.Headers.ContainsKey("Proxy-Authorization")));
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (ProxyPassword, "proxy password"), (expected["Basic ".Length..], "proxy Basic credentials"));
    }

    [HttpsFact]
    public async Task A_refused_tunnel_without_credentials_fails_Connect_Zoom_as_the_proxy_s_refusal_not_Zoom_s()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2]",
            Sim.TokenUri, Sim.ApiBaseUri, proxy.Uri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ProxyAuthenticationRequired,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.Contains($"The proxy {proxy.Uri} refused the request to 127.0.0.1: HTTP 407 Proxy Authentication Required", e.Exception.Message);
        Assert.Contains("-ProxyCredential", e.Exception.Message);
        Assert.DoesNotContain("token service", e.Exception.Message);
        Assert.Equal(1, proxy.Connects); // not retried
        Assert.Empty(proxy.Tunnels);
        Assert.Equal(0, Sim.TokenRequestCount);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
    }

    [HttpsFact]
    public async Task After_the_proxy_refuses_the_connection_s_credentials_the_remaining_rows_fail_at_once_without_a_request()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        const string wrong = "PxSentinel-refused-41c2";
        Ps.SetSecureString("tok", "any-token");
        Ps.SetCredential("pc", ProxyUser, wrong);
        Ps.Set("photo", Jpeg());

        // -ThrottleLimit 1: the first row has its answer before the second starts, so the count is exact.
        var r = Ps.Run($@"
            Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] -Proxy $args[1] -ProxyCredential $pc | Out-Null
            {Bulk.BulkInput.PictureRows(5)} | Set-ZoomUserPicture -ThrottleLimit 1 -Verbose -Debug
            Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!' -Confirm:$false -Verbose",
            Sim.ApiBaseUri, proxy.Uri);

        Assert.True(r.Results.Count == 6, string.Join("\n", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        Assert.All(r.Results, x =>
        {
            Assert.Equal("Failed", x.Str("Status"));
            Assert.Equal("ProxyAuthenticationRequired", x.Str("ErrorId"));
            Assert.Equal(407, x.Prop<int?>("HttpStatus"));
            Assert.Contains($"The proxy {proxy.Uri} refused", x.Str("Message"), StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal(1, r.Results[0].Prop<int>("Attempts"));
        Assert.All(r.Results.Skip(1), x =>
        {
            Assert.Equal(0, x.Prop<int>("Attempts"));
            Assert.StartsWith("Not sent: earlier in this connection the proxy", x.Str("Message"));
        });
        Assert.All(r.Errors, e => Assert.StartsWith("ProxyAuthenticationRequired,", e.FullyQualifiedErrorId));
        Assert.Single(r.Verbose, v => v.Contains("Every remaining row of this connection now fails at once"));
        // One tunnel asked for: refused bare, then refused with the wrong credentials; no retry, no other row.
        Assert.Equal(2, proxy.Connects);
        Assert.Contains(proxy.Requests, q => q.ProxyAuthorization == Basic(ProxyUser, wrong));
        Assert.Empty(proxy.Tunnels);
        Assert.Empty(Sim.Requests);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (wrong, "refused proxy password"), (Basic(ProxyUser, wrong)["Basic ".Length..], "refused proxy Basic credentials"));
    }

    [HttpsFact]
    public async Task ProxyUseDefaultCredentials_cannot_answer_a_Basic_challenge_and_the_refusal_is_the_proxy_s()
    {
        // The logged-on user's credentials reach the handler (PrimaryHandlerFactoryTests); .NET offers
        // them only to NTLM and Negotiate challenges, which need a domain (Kerberos) that this Linux
        // machine does not have, so here a Basic proxy refuses the tunnel, and that is named.
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2] -ProxyUseDefaultCredentials",
            Sim.TokenUri, Sim.ApiBaseUri, proxy.Uri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ProxyAuthenticationRequired,", e.FullyQualifiedErrorId);
        Assert.Contains($"The proxy {proxy.Uri} refused", e.Exception.Message);
        Assert.All(proxy.Requests, q => Assert.Null(q.ProxyAuthorization));
        Assert.Equal(0, Sim.TokenRequestCount);
    }

    /// <summary>Every request the simulator saw came over TLS through one of the proxy's tunnels, to the simulator.</summary>
    private void AssertCarriedByTunnels(LoopbackForwardProxy proxy, int requests)
    {
        var ports = proxy.Tunnels.Select(t => t.UpstreamPort).ToHashSet();
        Assert.NotEmpty(ports);
        Assert.Equal(requests, Sim.Requests.Count);
        Assert.All(Sim.Requests, q =>
        {
            Assert.True(q.OverTls, q.ToString());
            Assert.Contains(q.RemotePort, ports);
        });
        Assert.All(proxy.Tunnels, t =>
        {
            Assert.Equal($"127.0.0.1:{Sim.BaseUri.Port}", t.Authority);
            Assert.True(t.BytesUp > 0 && t.BytesDown > 0, t.ToString());
        });
    }
}
