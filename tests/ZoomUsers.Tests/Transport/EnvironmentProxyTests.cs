using System.Diagnostics.CodeAnalysis;
using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Tls;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Without -Proxy the runtime's default proxy applies, which on PowerShell 7 reads HTTP_PROXY,
/// HTTPS_PROXY and NO_PROXY once per process. So each case runs the isolation host (a pwsh stand-in)
/// as a fresh process with those variables set. The simulator speaks HTTPS, as Zoom does, so the
/// proxy sees <c>CONNECT</c> tunnels; the host trusts the test CA as this process does (TestTrust: the
/// SSL_CERT_FILE it inherits on Linux, the machine's root store on Windows).
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit ends it through IAsyncLifetime.DisposeAsync, which disposes what it owns.")]
public sealed class EnvironmentProxyTests : IAsyncLifetime
{
    private const string ProxyUser = "proxy-user";
    private const string ProxyPassword = "PxSentinel-env-3b9f";

    private ZoomSimulator _sim = null!;
    private SimulatorTls _tls = null!;
    private LoopbackForwardProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _tls = TestTrust.Simulator();
        _sim = await ZoomSimulator.StartAsync(tls: _tls);
        _proxy = new LoopbackForwardProxy();
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _sim.DisposeAsync();
        _tls.Dispose();
    }

    private string Connect => $"CONNECT 127.0.0.1:{_sim.BaseUri.Port} HTTP/1.1";

    /// <summary>Every request the simulator saw came through one of <paramref name="proxy"/>'s tunnels.</summary>
    private void AssertTunnelled(LoopbackForwardProxy proxy)
    {
        var ports = proxy.Tunnels.Select(t => t.UpstreamPort).ToHashSet();
        Assert.Contains(_sim.Requests, q => q.Path == "/oauth/token");
        Assert.Contains(_sim.Requests, q => q.Path.StartsWith("/v2/users/", StringComparison.Ordinal));
        Assert.All(_sim.Requests, q => Assert.True(q.OverTls && ports.Contains(q.RemotePort), q.ToString()));
    }

    [HttpsFact]
    public void HTTPS_PROXY_carries_the_token_request_and_the_API_calls_through_tunnels()
    {
        var output = RunPlain(("HTTPS_PROXY", _proxy.Uri.ToString()), ("NO_PROXY", null));

        Assert.Contains("upload-1=Succeeded", output);
        Assert.All(_proxy.Requests, r => Assert.Equal(Connect, r.RequestLine));
        AssertTunnelled(_proxy);
    }

    [HttpsFact]
    public void NO_PROXY_sends_listed_hosts_direct()
    {
        var output = RunPlain(("HTTPS_PROXY", _proxy.Uri.ToString()), ("NO_PROXY", "127.0.0.1"));

        Assert.Contains("upload-1=Succeeded", output);
        Assert.Empty(_proxy.Requests);
    }

    [HttpsFact]
    public async Task Credentials_in_the_HTTPS_PROXY_URL_answer_the_proxy_challenge()
    {
        await using var asking = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        var withCredentials = $"http://{ProxyUser}:{ProxyPassword}@127.0.0.1:{asking.Uri.Port}/";

        var output = RunPlain(("HTTPS_PROXY", withCredentials), ("NO_PROXY", null));

        Assert.Contains("upload-1=Succeeded", output);
        Assert.True(asking.Challenges >= 1);
        Assert.NotEmpty(asking.Tunnels);
        AssertTunnelled(asking);
        Assert.DoesNotContain(ProxyPassword, output);
    }

    [HttpsFact]
    public async Task Wrong_credentials_in_HTTPS_PROXY_fail_naming_the_proxy_and_never_show_the_password()
    {
        await using var asking = new LoopbackForwardProxy(ProxyUser, ProxyPassword);
        const string wrong = "PxSentinel-wrong-77d1";
        var withCredentials = $"http://{ProxyUser}:{wrong}@127.0.0.1:{asking.Uri.Port}/";

        var (code, stdout, stderr) = IsolationHostProcess.RunToEnd("plain", _sim.TokenUri, _sim.ApiBaseUri,
            ("HTTPS_PROXY", withCredentials), ("NO_PROXY", null));

        Assert.True(code != 0, stdout + stderr); // Connect-Zoom failed: the tunnel for the token request was refused by the proxy
        Assert.Contains($"The proxy http://127.0.0.1:{asking.Uri.Port}/ refused", stdout);
        Assert.Contains("407", stdout);
        Assert.DoesNotContain("token service", stdout);
        Assert.All(asking.Requests, r => Assert.Equal(Connect, r.RequestLine));
        Assert.Empty(asking.Tunnels);
        Assert.Equal(0, _sim.TokenRequestCount);
        Assert.DoesNotContain(wrong, stdout + stderr);
        Assert.DoesNotContain(ProxyUser + ":", stdout + stderr);
    }

    [HttpsFact]
    public async Task A_credential_set_on_the_system_default_proxy_answers_the_tunnel_challenge()
    {
        await using var asking = new LoopbackForwardProxy(ProxyUser, ProxyPassword);

        var output = IsolationHostProcess.Run("default-proxy", _sim.TokenUri, _sim.ApiBaseUri,
            ("ZOOMUSERS_TEST_PROXY", asking.Uri.ToString()), ("ZOOMUSERS_TEST_PROXY_USER", ProxyUser), ("ZOOMUSERS_TEST_PROXY_PASSWORD", ProxyPassword));

        Assert.Contains("upload-1=Succeeded", output);
        Assert.True(asking.Challenges >= 1);
        Assert.NotEmpty(asking.Tunnels);
        Assert.All(asking.Tunnels, t => Assert.NotNull(t.ProxyAuthorization));
        AssertTunnelled(asking);
        Assert.DoesNotContain(ProxyPassword, output);
    }

    private string RunPlain(params (string Name, string? Value)[] environment) =>
        IsolationHostProcess.Run("plain", _sim.TokenUri, _sim.ApiBaseUri, environment);
}
