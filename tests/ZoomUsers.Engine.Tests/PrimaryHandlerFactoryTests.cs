using System.Net;
using System.Net.Http;
using ZoomUsers.Connection;
using ZoomUsers.Http;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// Connect-Zoom's proxy options reach the socket handler. The logged-on user's credentials cannot be
/// exercised without a domain (NTLM/Negotiate) here, so this checks they are the ones handed over.
/// </summary>
public sealed class PrimaryHandlerFactoryTests
{
    private static HttpClientHandler Socket(ZoomConnectionOptions options)
    {
        var certificates = Assert.IsType<CertificateFailureHandler>(PrimaryHandlerFactory.Create(options));
        var proxy = Assert.IsType<ProxyRefusalHandler>(certificates.InnerHandler);
        return Assert.IsType<HttpClientHandler>(proxy.InnerHandler);
    }

    [Fact]
    public void ProxyUseDefaultCredentials_with_Proxy_gives_that_proxy_the_logged_on_users_credentials()
    {
        var handler = Socket(new ZoomConnectionOptions { Proxy = new Uri("http://proxy.example:8080"), ProxyUseDefaultCredentials = true });

        var proxy = Assert.IsType<WebProxy>(handler.Proxy);
        Assert.Same(CredentialCache.DefaultCredentials, proxy.Credentials);
        Assert.True(handler.UseProxy);
    }

    [Fact]
    public void ProxyUseDefaultCredentials_without_Proxy_offers_them_to_the_system_proxy()
    {
        var handler = Socket(new ZoomConnectionOptions { ProxyUseDefaultCredentials = true });

        Assert.Null(handler.Proxy);
        Assert.True(handler.UseProxy);
        Assert.Same(CredentialCache.DefaultCredentials, handler.DefaultProxyCredentials);
    }

    [Fact]
    public void ProxyCredential_without_Proxy_is_offered_to_the_system_proxy()
    {
        var credential = new NetworkCredential("u", "p");
        var handler = Socket(new ZoomConnectionOptions { ProxyCredential = credential });

        Assert.Null(handler.Proxy);
        Assert.Same(credential, handler.DefaultProxyCredentials);
    }

    [Fact]
    public void Without_proxy_options_the_system_proxy_keeps_its_own_credentials()
    {
        var handler = Socket(new ZoomConnectionOptions());

        Assert.Null(handler.Proxy);
        Assert.True(handler.UseProxy);
        Assert.Null(handler.DefaultProxyCredentials);
        Assert.Equal(256, handler.MaxConnectionsPerServer);
    }
}
