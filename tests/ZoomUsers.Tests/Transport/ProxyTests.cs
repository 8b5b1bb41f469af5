using System.Management.Automation;
using System.Text;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Security;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// <c>Connect-Zoom -Proxy</c> carries the token request and every API call through the proxy, and
/// <c>-ProxyCredential</c> answers the proxy's 407 challenge without ever showing the password.
/// The simulator is on loopback, which .NET can exempt from proxies: the proxy's own log, and the
/// Via header it adds, prove that nothing went around it.
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
    public async Task A_proxy_that_wants_credentials_and_gets_none_fails_Connect_Zoom_naming_the_proxy_not_Zoom()
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
    public async Task Every_row_through_a_refusing_proxy_gets_the_proxy_error_at_once_without_retries()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        Ps.SetSecureString("tok", "any-token");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] -Proxy $args[1] | Out-Null
            1..3 | ForEach-Object { [pscustomobject]@{ UserId = ""u$_@example.com""; ImageData = $photo } } | Set-ZoomUserPicture",
            Target("localhost") + "/v2", proxy.Uri);

        Assert.True(r.Results.Count == 3, string.Join("\n", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        Assert.All(r.Results, x =>
        {
            Assert.Equal("Failed", x.Str("Status"));
            Assert.Equal("ProxyAuthenticationRequired", x.Str("ErrorId"));
            Assert.Equal(407, x.Prop<int?>("HttpStatus"));
            Assert.Equal(1, x.Prop<int>("Attempts"));
            Assert.Contains($"The proxy {proxy.Uri} refused", x.Str("Message"));
        });
        Assert.Equal(3, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.StartsWith("ProxyAuthenticationRequired,", e.FullyQualifiedErrorId));
        Assert.Equal(3, proxy.Requests.Count);
        Assert.Empty(Sim.Requests);
    }

    [Fact]
    public async Task Refused_proxy_credentials_fail_each_row_and_never_show_in_any_stream()
    {
        await using var proxy = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        const string wrong = "PxSentinel-refused-41c2";
        Ps.SetSecureString("tok", "any-token");
        Ps.SetCredential("pc", ProxyUser, wrong);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] -Proxy $args[1] -ProxyCredential $pc -Verbose -Debug | Out-Null
            Set-ZoomUserPicture -UserId a@example.com -ImageData $photo -Verbose -Debug
            Set-ZoomUserPassword -UserId a@example.com -Password 'Blue7Heron!' -Confirm:$false -Verbose -Debug",
            Target("localhost") + "/v2", proxy.Uri);

        Assert.Equal(new[] { "ProxyAuthenticationRequired", "ProxyAuthenticationRequired" }, r.Results.Select(x => x.Str("ErrorId")));
        var offered = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":" + wrong));
        Assert.Contains(proxy.Requests, q => q.ProxyAuthorization == offered);
        Assert.Empty(Sim.Requests);
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (wrong, "refused proxy password"), (offered["Basic ".Length..], "refused proxy Basic credentials"));
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
