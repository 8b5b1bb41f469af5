using System.Management.Automation;
using System.Text.RegularExpressions;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Connection;

public sealed class ConnectZoomTests : ModuleTest
{
    [Fact]
    public void Client_secret_connects_and_writes_a_connection_object_without_the_token()
    {
        var r = Ps.Connect(Sim);

        var info = Assert.Single(r.Output);
        Assert.Equal("ZoomUsers.ZoomConnectionInfo", info.TypeNames[0]);
        Assert.Equal("acct-1", info.Str("AccountId"));
        Assert.Equal("client-1", info.Str("ClientId"));
        Assert.Equal("ClientCredentials", info.Str("AuthenticationType"));
        Assert.Equal(Sim.ApiBaseUri.AbsoluteUri.TrimEnd('/'), info.Str("ApiBaseUri")!.TrimEnd('/'));
        Assert.Contains("user:write:admin", info.Prop<string[]>("Scopes")!);
        Assert.True(info.Prop<DateTimeOffset>("TokenExpiresOn") > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Equal(1, Sim.TokenRequestCount);

        var tokenRequest = Sim.Requests.Single(q => q.Path == "/oauth/token");
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("client-1:secret-1")), tokenRequest.Headers["Authorization"]);
        var get = Ps.Run("Get-ZoomConnection");
        Assert.Equal("acct-1", Assert.Single(get.Output).Str("AccountId"));
        Assert.DoesNotContain("sim.", r.Everything() + get.Everything());
    }

    [Fact]
    public void A_PSCredential_holds_client_id_and_secret()
    {
        Ps.SetCredential("cred", "client-1", "secret-1");
        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -Credential $cred -TokenUri $args[0] -ApiBaseUri $args[1]", Sim.TokenUri, Sim.ApiBaseUri);

        r.ThrowIfFailed();
        Assert.Equal("client-1", Assert.Single(r.Output).Str("ClientId"));
    }

    [Fact]
    public async Task An_access_token_from_elsewhere_is_used_as_is()
    {
        // Get a real token from the simulator the way another tool would.
        using var http = new HttpClient();
        var req = new HttpRequestMessage(HttpMethod.Post, Sim.TokenUri + "?grant_type=account_credentials&account_id=acct-1");
        req.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("client-1:secret-1")));
        var json = await (await http.SendAsync(req)).Content.ReadAsStringAsync();
        var token = Regex.Match(json, "\"access_token\":\"([^\"]+)\"").Groups[1].Value;
        Ps.SetSecureString("tok", token);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] | Out-Null; Set-ZoomUserPicture -UserId t@example.com -ImageData $photo", Sim.ApiBaseUri);

        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        Assert.Equal(Sim.Requests.Last(q => q.Path.EndsWith("/picture", StringComparison.Ordinal)).Headers["Authorization"], "Bearer " + token);
        Assert.DoesNotContain(token, r.Everything());
    }

    [Fact]
    public void An_expired_access_token_cannot_be_renewed_and_says_so()
    {
        Ps.SetSecureString("tok", "not-a-real-token");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] | Out-Null; Set-ZoomUserPicture -UserId t@example.com -ImageData $photo", Sim.ApiBaseUri);

        var x = Assert.Single(r.Results);
        Assert.Equal("AccessTokenInvalid", x.Str("ErrorId"));
        Assert.Equal(124, x.Prop<int>("ErrorCode"));
        Assert.Contains("Connect-Zoom", x.Str("Message"));
        Assert.Equal(ErrorCategory.AuthenticationError, Assert.Single(r.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void Environment_variables_connect_when_no_parameters_are_given()
    {
        var r = WithEnvironment(new[]
            {
                ("ZOOM_ACCOUNT_ID", (string?)"acct-1"), ("ZOOM_CLIENT_ID", "client-1"), ("ZOOM_CLIENT_SECRET", "secret-1"),
                ("ZOOM_TOKEN_URI", "http://127.0.0.1:1/never-used"), ("ZOOM_API_BASE_URI", null),
            },
            () => Ps.Run("Connect-Zoom -TokenUri $args[0] -ApiBaseUri $args[1]", Sim.TokenUri, Sim.ApiBaseUri));

        r.ThrowIfFailed();
        Assert.Equal("acct-1", Assert.Single(r.Output).Str("AccountId"));
    }

    [Fact]
    public void Missing_environment_variables_are_named_in_a_terminating_error()
    {
        var r = WithEnvironment(new[] { ("ZOOM_ACCOUNT_ID", (string?)"acct-1"), ("ZOOM_CLIENT_ID", null), ("ZOOM_CLIENT_SECRET", null) },
            () => Ps.Run("Connect-Zoom"));

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("ZoomCredentialsMissing,", e.FullyQualifiedErrorId);
        Assert.Contains("ZOOM_CLIENT_ID", e.Exception.Message);
        Assert.Contains("ZOOM_CLIENT_SECRET", e.Exception.Message);
    }

    [Fact]
    public void Wrong_credentials_fail_with_what_Zoom_said_not_a_stack_trace()
    {
        Ps.SetSecureString("bad", "wrong-secret-sentinel");
        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $bad -TokenUri $args[0] -ApiBaseUri $args[1]", Sim.TokenUri, Sim.ApiBaseUri);

        var e = Assert.Single(r.Errors);
        Assert.Equal("ZoomAuthenticationFailed,ZoomUsers.Commands.ConnectZoomCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, e.CategoryInfo.Category);
        Assert.Contains("invalid_client", e.Exception.Message);
        Assert.Contains("Invalid client_id or client_secret", e.Exception.Message);
        Assert.DoesNotContain("   at ", e.Exception.Message);
        Assert.DoesNotContain("wrong-secret-sentinel", r.Everything());
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
    }

    [Fact]
    public void A_failed_connect_is_a_terminating_error_that_stops_the_script()
    {
        Ps.SetSecureString("bad", "wrong");
        var r = Ps.Run(@"
            try { Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $bad -TokenUri $args[0] -ApiBaseUri $args[1] -ErrorAction Continue; 'continued' }
            catch { 'caught' }", Sim.TokenUri, Sim.ApiBaseUri);

        Assert.Equal(new[] { "caught" }, r.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_wrong_account_id_says_invalid_request()
    {
        Ps.SetSecureString("s", "secret-1");
        var r = Ps.Run("Connect-Zoom -AccountId nope -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]", Sim.TokenUri, Sim.ApiBaseUri);

        var e = Assert.Single(r.Errors);
        Assert.Contains("invalid_request", e.Exception.Message);
    }

    [Theory]
    [InlineData("http://zoom.example.com/oauth/token", null)]
    [InlineData(null, "http://api.example.com/v2")]
    public void Plain_http_is_refused_unless_the_host_is_loopback(string? tokenUri, string? apiUri)
    {
        Ps.SetSecureString("s", "secret-1");
        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0] -ApiBaseUri $args[1]",
            tokenUri ?? Sim.TokenUri.ToString(), apiUri ?? Sim.ApiBaseUri.ToString());

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidConnectionParameter,", e.FullyQualifiedErrorId);
        Assert.Contains("https://", e.Exception.Message);
        Assert.Equal(0, Sim.TokenRequestCount);
    }

    [Fact]
    public void The_token_api_url_sets_the_API_base_when_none_is_given()
    {
        Sim.Options.ApiUrlInToken = Sim.BaseUri.AbsoluteUri.TrimEnd('/');
        Ps.SetSecureString("s", "secret-1");

        var r = Ps.Run("Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $s -TokenUri $args[0]", Sim.TokenUri);

        r.ThrowIfFailed();
        Assert.Equal(Sim.ApiBaseUri.AbsoluteUri.TrimEnd('/'), Assert.Single(r.Output).Str("ApiBaseUri")!.TrimEnd('/'));
    }

    [Fact]
    public void A_data_cmdlet_before_Connect_Zoom_says_to_run_it()
    {
        var r = WithEnvironment(new[] { ("ZOOM_ACCOUNT_ID", (string?)null), ("ZOOM_CLIENT_ID", null), ("ZOOM_CLIENT_SECRET", null) },
            () => Ps.Run("Set-ZoomUserPicture -UserId a@example.com -Path x.jpg"));

        var e = Assert.Single(r.Errors);
        Assert.StartsWith("NotConnected,", e.FullyQualifiedErrorId);
        Assert.Contains("Connect-Zoom", e.Exception.Message);
    }

    [Fact]
    public void A_data_cmdlet_before_Connect_Zoom_connects_from_the_environment()
    {
        Ps.Set("photo", Jpeg());
        var r = WithEnvironment(new[]
            {
                ("ZOOM_ACCOUNT_ID", (string?)"acct-1"), ("ZOOM_CLIENT_ID", "client-1"), ("ZOOM_CLIENT_SECRET", "secret-1"),
                ("ZOOM_TOKEN_URI", Sim.TokenUri.ToString()), ("ZOOM_API_BASE_URI", Sim.ApiBaseUri.ToString()),
            },
            () => Ps.Run("Set-ZoomUserPicture -UserId env@example.com -ImageData $photo -Verbose"));

        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        Assert.Contains(r.Verbose, v => v.Contains("ZOOM_* environment variables"));
        Assert.Equal("acct-1", Assert.Single(Ps.Run("Get-ZoomConnection").Output).Str("AccountId"));
    }

    [Fact]
    public void Disconnect_forgets_the_connection()
    {
        Ps.Connect(Sim);
        Ps.Run("Disconnect-Zoom").ThrowIfFailed();
        Assert.Empty(Ps.Run("Get-ZoomConnection").Output);
    }

    [Fact]
    public void Two_sessions_in_one_process_keep_separate_connections()
    {
        Ps.Connect(Sim);
        using var other = new PowerShellSession();
        Assert.Empty(other.Run("Get-ZoomConnection").Output);
        Assert.Single(Ps.Run("Get-ZoomConnection").Output);
    }

    private static PsResult WithEnvironment((string Name, string? Value)[] vars, Func<PsResult> run)
    {
        var saved = vars.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
        lock (EnvironmentLock)
        {
            try
            {
                foreach (var (name, value) in vars) Environment.SetEnvironmentVariable(name, value);
                return run();
            }
            finally
            {
                foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private static readonly object EnvironmentLock = new();
}
