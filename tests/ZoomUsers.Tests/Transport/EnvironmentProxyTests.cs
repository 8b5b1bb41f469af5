using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Without -Proxy the runtime's default proxy applies, which on PowerShell 7 reads HTTP_PROXY,
/// HTTPS_PROXY and NO_PROXY once per process. So each case runs the isolation host (a pwsh stand-in)
/// as a fresh process with those variables set.
/// </summary>
public sealed class EnvironmentProxyTests : IAsyncLifetime
{
    private ZoomSimulator _sim = null!;
    private LoopbackForwardProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _sim = await ZoomSimulator.StartAsync();
        _proxy = new LoopbackForwardProxy();
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _sim.DisposeAsync();
    }

    [Fact]
    public void HTTPS_PROXY_and_HTTP_PROXY_carry_the_token_request_and_the_API_calls()
    {
        var output = RunPlain(("HTTP_PROXY", _proxy.Uri.ToString()), ("HTTPS_PROXY", _proxy.Uri.ToString()), ("NO_PROXY", null));

        Assert.Contains("upload-1=Succeeded", output);
        Assert.Contains(_proxy.Requests, r => r.RequestLine.StartsWith("POST " + _sim.TokenUri));
        Assert.Contains(_proxy.Requests, r => r.RequestLine.StartsWith("POST " + _sim.ApiBaseUri.AbsoluteUri.TrimEnd('/') + "/users/"));
    }

    [Fact]
    public void NO_PROXY_sends_listed_hosts_direct()
    {
        var output = RunPlain(("HTTP_PROXY", _proxy.Uri.ToString()), ("HTTPS_PROXY", _proxy.Uri.ToString()), ("NO_PROXY", "127.0.0.1"));

        Assert.Contains("upload-1=Succeeded", output);
        Assert.Empty(_proxy.Requests);
    }

    private string RunPlain(params (string Name, string? Value)[] environment) =>
        IsolationHostProcess.Run("plain", _sim.TokenUri, _sim.ApiBaseUri, environment);
}
