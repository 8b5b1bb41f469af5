using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using ZoomUsers.Http;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// A refused CONNECT arrives from .NET as an HttpRequestException that only its message tells apart
/// from a dropped connection. The message is the one .NET 10 threw at a loopback proxy answering
/// every CONNECT 407 (ProxyTunnelError, StatusCode 407, no inner exception, the stray quote included).
/// The end-to-end proof is Transport/ProxyTunnelTests; these pin what is and is not read as a refusal.
/// </summary>
public sealed class TunnelRefusalTests
{
    private const string Net10 = "The proxy tunnel request to proxy 'http://127.0.0.1:37405/' failed with status code '407'.\"";

    [Fact]
    public void The_message_NET_10_throws_for_a_refused_tunnel_is_a_refusal()
    {
        Assert.True(TunnelRefusal.Is(new HttpRequestException(Net10), viaProxy: true));
        Assert.True(TunnelRefusal.Is(new HttpRequestException(Net10), viaProxy: false)); // the proxy could not be told: the message says proxy
    }

    [Fact]
    public void A_tunnel_the_proxy_could_not_open_for_another_reason_is_not()
    {
        var badGateway = "The proxy tunnel request to proxy 'http://127.0.0.1:4070/' failed with status code '502'.\"";
        Assert.False(TunnelRefusal.Is(new HttpRequestException(badGateway), viaProxy: true)); // 407 in the port is not the status
    }

    [Fact]
    public void Socket_and_TLS_failures_are_not_refusals_even_through_a_proxy()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:407)", new SocketException((int)SocketError.ConnectionRefused));
        var tls = new HttpRequestException("The SSL connection could not be established, see inner exception.", new AuthenticationException("The remote certificate is invalid: 407"));

        Assert.False(TunnelRefusal.Is(refused, viaProxy: true));
        Assert.False(TunnelRefusal.Is(tls, viaProxy: true));
    }
}
