using System.Management.Automation;
using System.Text;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Plain-http targets through <c>Connect-Zoom -Proxy</c>: the proxy reads each request (absolute form),
/// so these show what a tunnel hides: every request went through it (its log, and the Via header it
/// adds; the simulator is on loopback, which .NET can exempt from proxies), which credentials each
/// carried, and that a 407 that comes back as a response (how Windows PowerShell 5.1 is expected to
/// see a refused tunnel too) is named. Zoom itself speaks HTTPS only: <see cref="ProxyTunnelTests"/>.
/// </summary>
public sealed class ProxyTests : ModuleTest
{
    private const string ProxyUser = "proxy-user";
    private const string ProxyPassword = "PxSentinel-0c7e55-ProxyPassword";

    private string Target(string host) => $"http://{host}:{Sim.BaseUri.Port}";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task The_token_request_and_the_API_calls_all_go_through_the_proxy(string host)
    {
        await using var proxy = new LoopbackForwardProxy();
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run(@"
            Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2] | Out-Null
            Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!' -Confirm:$false",
            Target(host) + "/oauth/token", Target(host) + "/v2", proxy.Uri);

        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        var lines = proxy.Requests.Select(q => q.RequestLine).ToList();
        Assert.Equal(new[]
        {
            $"POST {Target(host)}/oauth/token HTTP/1.1",
            $"GET {Target(host)}/v2/accounts/me/settings?option=security HTTP/1.1",
            $"PUT {Target(host)}/v2/users/a%40example.com/password HTTP/1.1",
        }, lines);
        Assert.All(Sim.Requests, q => Assert.Equal("1.1 zoomusers-test-proxy", q.Headers["Via"]));
        Assert.Equal(3, Sim.Requests.Count);
    }

    [Fact]
    public async Task Proxy_credentials_answer_the_407_challenge_and_never_show()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        Ps.SetSecureString("s", Sim.Options.ClientSecret);
        Ps.SetCredential("pc", ProxyUser, ProxyPassword);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2] -ProxyCredential $pc -Verbose -Debug
            Set-ZoomUserPicture -UserId a@example.com -ImageData $photo -Verbose -Debug
            Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!' -Confirm:$false -Verbose -Debug",
            Target("localhost") + "/oauth/token", Target("localhost") + "/v2", proxy.Uri);

        r.ThrowIfFailed();
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.Equal(2, r.Results.Count);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":" + ProxyPassword));
        Assert.True(proxy.Challenges >= 1);
        Assert.Contains(proxy.Requests, q => q.RequestLine.StartsWith("POST ", StringComparison.Ordinal) && q.ProxyAuthorization == expected);
        Assert.Contains(proxy.Requests, q => q.RequestLine.StartsWith("PUT ", StringComparison.Ordinal) && q.ProxyAuthorization == expected);
        // The proxy's credentials are for the proxy: the server never sees them.
        Assert.All(Sim.Requests, q => Assert.False(q.Headers.ContainsKey("Proxy-Authorization")));
        Assert.Equal(4, Sim.Requests.Count); // token, settings, picture, password

        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (ProxyPassword, "proxy password"), (expected["Basic ".Length..], "proxy Basic credentials"));
    }

    [Fact]
    public async Task A_407_response_to_a_plain_request_fails_Connect_Zoom_naming_the_proxy_not_Zoom()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1] -Proxy $args[2]",
            Target("localhost") + "/oauth/token", Target("localhost") + "/v2", proxy.Uri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ProxyAuthenticationRequired,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.Contains($"The proxy {proxy.Uri} refused", e.Exception.Message);
        Assert.Contains("HTTP 407 Proxy Authentication Required (it asks for Basic)", e.Exception.Message);
        Assert.DoesNotContain("Zoom refused", e.Exception.Message);
        // Not retried: the token request reached the proxy once.
        Assert.Equal(1, proxy.Challenges);
        Assert.Equal(0, Sim.TokenRequestCount);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
    }

    [Fact]
    public void ProxyUseDefaultCredentials_and_ProxyCredential_together_are_refused()
    {
        Ps.SetSecureString("tok", "any-token");
        Ps.SetCredential("pc", ProxyUser, ProxyPassword);

        var r = Ps.Run("Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] -Proxy $args[1] -ProxyCredential $pc -ProxyUseDefaultCredentials",
            Sim.ApiBaseUri, "http://127.0.0.1:9/");

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidConnectionParameter,", e.FullyQualifiedErrorId);
        Assert.Contains("-ProxyCredential or -ProxyUseDefaultCredentials, not both", e.Exception.Message);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (ProxyPassword, "proxy password"));
    }
}
