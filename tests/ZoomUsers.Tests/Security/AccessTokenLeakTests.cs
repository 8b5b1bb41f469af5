using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Security;

/// <summary>
/// The access tokens the simulator issued (read back from the Authorization headers it received)
/// and the client secret, searched for in everything a busy run produced: both cmdlets, successes
/// and every kind of failure, a token renewal, -WhatIf, with -Verbose and -Debug on.
/// </summary>
public sealed class AccessTokenLeakTests : ModuleTest
{
    private const string Secret = "AtSentinel-51c0de-ClientSecret";
    private const string Password = "AtSntl7Password!";

    protected override SimulatorOptions CreateOptions() => new() { ClientSecret = Secret };

    [Fact]
    public void Issued_tokens_never_show_on_success_failure_renewal_or_WhatIf()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -MaxRetryCount 1");
        Ps.Set("photo", Jpeg());
        Sim.MissingUsers.Add("ghost@example.com");
        Sim.AddUser("refused@example.com").PasswordError = (1136, "The password is too easy to guess.");
        // Four faults each: two attempts (-MaxRetryCount 1), and two more in the run's second round.
        Sim.Script("flaky@example.com", SimFault.Drop, SimFault.Drop, SimFault.Drop, SimFault.Drop);
        Sim.Script("html@example.com", SimFault.Html502, SimFault.Html502, SimFault.Html502, SimFault.Html502);

        var r = Ps.Run(@"
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            Set-ZoomUserPicture -UserId pic@example.com -ImageData $photo
            Set-ZoomUserPicture -UserId ghost@example.com -ImageData $photo
            Set-ZoomUserPicture -UserId flaky@example.com -ImageData $photo
            Set-ZoomUserPicture -UserId html@example.com -ImageData $photo
            Set-ZoomUserPicture -UserId whatif@example.com -ImageData $photo -WhatIf
            @('ok@example.com', 'refused@example.com', 'ghost@example.com') | Set-ZoomUserPassword -Password $args[0] -Confirm:$false
            Set-ZoomUserPassword -UserId whatif@example.com -Password $args[0] -WhatIf
            Get-ZoomConnection", Password);
        Sim.ExpireAllTokens();
        var renewed = Ps.Run("Set-ZoomUserPicture -UserId after@example.com -ImageData $photo -Verbose -Debug");

        Assert.Null(r.Terminating);
        Assert.Equal(7, r.Results.Count);
        Assert.Equal(new[] { "ConnectionFailed", "PasswordTooWeak", "ServerError", "UserNotFound", "UserNotFound" },
            r.Results.Where(x => x.Str("Status") == "Failed").Select(x => x.Str("ErrorId")!).OrderBy(x => x));
        Assert.Equal("Succeeded", Assert.Single(renewed.Results).Str("Status"));
        Assert.Equal(2, Sim.TokenRequestCount);

        var tokens = Sim.Requests
            .Select(q => q.Headers.TryGetValue("Authorization", out var h) ? h : "")
            .Where(h => h.StartsWith("Bearer ", StringComparison.Ordinal))
            .Select(h => h["Bearer ".Length..])
            .Distinct()
            .ToList();
        Assert.Equal(2, tokens.Count);

        // Debug output names the header but masks it.
        Assert.Contains(r.Debug, d => d.StartsWith("HTTP PUT ", StringComparison.Ordinal) && d.Contains("Authorization: Bearer ***"));
        Assert.Contains(renewed.Debug, d => d.Contains("Authorization: Bearer ***"));

        foreach (var run in new[] { r, renewed })
        {
            var secrets = tokens.Select((t, i) => (t, $"access token #{i + 1}"))
                .Append((Secret, "client secret"))
                .Append((Password, "password"))
                .ToArray();
            LeakScanner.AssertNoSecrets(run, Ps.Host.Recorder, secrets);
        }
    }

    [Fact]
    public void A_rejected_access_token_given_to_Connect_Zoom_is_not_repeated_back()
    {
        const string token = "AtSentinel-given-token-e9a1";
        Ps.SetSecureString("tok", token);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] -Verbose -Debug
            Set-ZoomUserPicture -UserId t@example.com -ImageData $photo -Verbose -Debug
            Set-ZoomUserPassword -UserId t@example.com -Password 'Blue7Heron!' -Confirm:$false -Verbose -Debug", Sim.ApiBaseUri);

        Assert.Equal(new[] { "AccessTokenInvalid", "AccessTokenInvalid" }, r.Results.Select(x => x.Str("ErrorId")));
        Assert.All(Sim.Requests.Where(q => q.Path.StartsWith("/v2/", StringComparison.Ordinal)), q => Assert.Equal("Bearer " + token, q.Headers["Authorization"]));
        LeakScanner.AssertNoSecrets(r, Ps.Host.Recorder, (token, "access token"));
    }
}
