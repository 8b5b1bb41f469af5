using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using ZoomUsers.Connection;
using ZoomUsers.Http;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// A refused CONNECT arrives from .NET as an HttpRequestException that only its message tells apart
/// from a dropped connection. Each case here sends a real HTTPS request through the engine's own socket
/// handler (PrimaryHandlerFactory's, below its refusal handler) to a loopback proxy that refuses, fails
/// or drops the tunnel, and feeds the parser the exception this runtime threw. (Windows PowerShell 5.1's
/// runtime is covered by the Mono smoke, tests/ZoomUsers.MonoSmoke; the end-to-end proof through
/// PowerShell is Transport/ProxyTunnelTests.)
/// </summary>
public sealed class TunnelRefusalTests
{
    [Fact]
    public async Task A_proxy_s_407_to_the_CONNECT_is_a_refusal()
    {
        await using var proxy = RefusingProxy.Answering(HttpStatusCode.ProxyAuthenticationRequired);

        var thrown = await ThrownThrough(proxy.Uri);

        Assert.Equal(1, proxy.Requests);
        Assert.True(TunnelRefusal.Is(thrown, viaProxy: true), Describe(thrown));
        // Through the system's default proxy the request cannot tell it used one: the message must say so.
        Assert.True(TunnelRefusal.Is(thrown, viaProxy: false), Describe(thrown));
    }

    [Fact]
    public async Task A_tunnel_the_proxy_could_not_open_for_another_reason_is_not_a_refusal()
    {
        await using var proxy = RefusingProxy.Answering(HttpStatusCode.BadGateway);

        var thrown = await ThrownThrough(proxy.Uri);

        Assert.Equal(1, proxy.Requests);
        Assert.False(TunnelRefusal.Is(thrown, viaProxy: true), Describe(thrown));
    }

    [Fact]
    public async Task A_proxy_that_drops_the_connection_is_not_a_refusal()
    {
        await using var proxy = RefusingProxy.Dropping();

        var thrown = await ThrownThrough(proxy.Uri);

        Assert.True(proxy.Requests >= 1);
        Assert.False(TunnelRefusal.Is(thrown, viaProxy: true), Describe(thrown));
    }

    [Fact]
    public async Task A_proxy_nobody_listens_on_is_not_a_refusal()
    {
        var thrown = await ThrownThrough(new Uri($"http://127.0.0.1:{ClosedPort()}/"));

        Assert.IsType<SocketException>(thrown.InnerException);
        Assert.False(TunnelRefusal.Is(thrown, viaProxy: true), Describe(thrown));
    }

    /// <summary>What the engine's socket handler throws for an HTTPS request through <paramref name="proxy"/>.</summary>
    private static async Task<HttpRequestException> ThrownThrough(Uri proxy)
    {
        var chain = Assert.IsType<CertificateFailureHandler>(PrimaryHandlerFactory.Create(new ZoomConnectionOptions { Proxy = proxy }));
        var refusals = Assert.IsType<ProxyRefusalHandler>(chain.InnerHandler);
        using var client = new HttpClient(refusals.InnerHandler!, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
        // Nothing listens behind the tunnel: the request never gets past the proxy.
        return await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://127.0.0.1:{ClosedPort()}/v2/users/me"));
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message} (inner: {e.InnerException?.GetType().Name ?? "none"})";

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
