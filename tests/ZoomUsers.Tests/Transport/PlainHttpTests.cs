using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Credentials travel over https only; plain http is for loopback test servers. Hosts that merely
/// look local, and an http api_url slipped into a token answer, are refused before anything is sent.
/// </summary>
public sealed class PlainHttpTests : ModuleTest
{
    [Theory]
    [InlineData("http://zoom.us/oauth/token")]
    [InlineData("http://127.0.0.1.nip.io/oauth/token")]     // a name that resolves to loopback is still a name
    [InlineData("http://localhost.example.com/oauth/token")]
    [InlineData("http://10.0.0.1/oauth/token")]
    [InlineData("http://0.0.0.0/oauth/token")]
    [InlineData("ftp://127.0.0.1/oauth/token")]
    public void A_token_URI_that_is_not_https_or_loopback_http_is_refused_before_any_request(string tokenUri)
    {
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]", tokenUri, Sim.ApiBaseUri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidConnectionParameter,", e.FullyQualifiedErrorId);
        Assert.Contains("https://", e.Exception.Message);
        Assert.Empty(Sim.Requests);
    }

    [Theory]
    [InlineData("http://api.zoom.us/v2")]
    [InlineData("http://192.168.1.10/v2")]
    public void An_API_base_that_is_not_https_or_loopback_http_is_refused(string apiBase)
    {
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]", Sim.TokenUri, apiBase);

        Assert.StartsWith("InvalidConnectionParameter,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(Sim.Requests);
    }

    [Fact]
    public void An_http_api_url_in_the_token_answer_is_refused()
    {
        Sim.Options.ApiUrlInToken = "http://api-eu.zoom.us";
        Ps.SetSecureString("s", Sim.Options.ClientSecret);

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0]", Sim.TokenUri);

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidConnectionParameter,", e.FullyQualifiedErrorId);
        Assert.Contains("api_url", e.Exception.Message);
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void Loopback_http_by_name_is_allowed_for_test_servers()
    {
        Ps.SetSecureString("s", Sim.Options.ClientSecret);
        var local = $"http://localhost:{Sim.BaseUri.Port}";

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]", local + "/oauth/token", local + "/v2");

        r.ThrowIfFailed();
        Assert.Equal(1, Sim.TokenRequestCount);
    }
}
