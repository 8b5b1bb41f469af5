using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>Connect-Zoom without -RequestsPerSecond: the pacer finds the account's limit, and -RequestsPerSecond is a ceiling.</summary>
public sealed class AdaptivePacingTests : ModuleTest
{
    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    private double Rate(PowerShellSession? ps = null) => (double)(ps ?? Ps).Run("(Get-ZoomConnection).RequestsPerSecond").Output.Single().BaseObject;

    [Fact]
    public void Without_headers_clean_answers_raise_the_rate()
    {
        Sim.Options.SendRateLimitHeaders = false;
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());
        var start = Rate();

        var r = Ps.Run(BulkInput.PictureRows(120) + " | Set-ZoomUserPicture -Verbose");

        r.ThrowIfFailed();
        Assert.Equal(120, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal("Adaptive", Ps.Run("(Get-ZoomConnection).RateMode").Output.Single().ToString());
        Assert.Equal(10, start);
        Assert.True(Rate() > start, $"the rate stayed at {Rate()}");
        Assert.Contains(r.Verbose, v => v.Contains("answers came back clean", StringComparison.Ordinal));
    }

    [Fact]
    public void Rate_headers_cap_the_rate_just_under_the_advertised_limit()
    {
        Sim.Options.RateLimitPerSecond = 20;
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(80) + " | Set-ZoomUserPicture -Verbose");

        r.ThrowIfFailed();
        Assert.Equal(80, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        var info = Ps.Run("Get-ZoomConnection").Output.Single();
        Assert.Equal(20.0, info.Prop<double?>("AdvertisedRateLimit"));
        Assert.Equal(19.6, info.Prop<double?>("RateCeiling"));
        Assert.InRange(info.Prop<double>("RequestsPerSecond"), 10, 19.6);
        Assert.Equal(0, Sim.Count429);
        Assert.Contains(r.Verbose, v => v.Contains("X-RateLimit-Limit", StringComparison.Ordinal));
    }

    /// <summary>
    /// 200 rows on a Pro account (20/s) whose successful answers carry no rate headers: slow start
    /// passes 20/s within seconds, so the account's bucket empties and refuses. Returns the run and
    /// Get-ZoomConnection after it.
    /// </summary>
    private (PsResult Run, System.Management.Automation.PSObject Connection) RunPastAProLimit(bool refusalsCarryRateHeaders)
    {
        Sim.Options.RateLimitPerSecond = 20;
        Sim.Options.SendRateLimitHeaders = false;
        Sim.Options.RefusalsCarryRateHeaders = refusalsCarryRateHeaders;
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(200) + " | Set-ZoomUserPicture -Verbose");

        r.ThrowIfFailed();
        Assert.Equal(200, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.True(Sim.Count429 > 0, "slow start never passed the limit");
        return (r, Ps.Run("Get-ZoomConnection").Output.Single());
    }

    [Fact]
    public void A_429_that_carries_X_RateLimit_Limit_teaches_the_limit_when_successes_carry_no_headers()
    {
        var (r, info) = RunPastAProLimit(refusalsCarryRateHeaders: true);

        // The refusal names the limit that no other answer did.
        Assert.Contains(r.Verbose, v => v.Contains("Zoom answered 429", StringComparison.Ordinal) && v.Contains("X-RateLimit-Limit", StringComparison.Ordinal));
        Assert.Equal(20.0, info.Prop<double?>("AdvertisedRateLimit"));
        Assert.Equal(19.6, info.Prop<double?>("RateCeiling"));
    }

    [Fact]
    public void With_no_header_anywhere_the_pacer_probes_and_learns_no_limit()
    {
        var (r, info) = RunPastAProLimit(refusalsCarryRateHeaders: false);

        Assert.All(r.Verbose, v => Assert.DoesNotContain("X-RateLimit-Limit", v));
        Assert.Null(info.Prop<double?>("AdvertisedRateLimit"));
        Assert.Null(info.Prop<double?>("RateCeiling")); // nothing to hold it under but what refusals show
        Assert.Contains(r.Verbose, v => v.Contains("Zoom answered 429 (per-second limit) at about", StringComparison.Ordinal));
    }

    [Fact]
    public void A_429_lowers_the_adaptive_rate_pauses_every_worker_and_says_why()
    {
        // The server refuses one request; unlimited otherwise, so only the pause can keep the other
        // workers from reaching it between the refusal and its retry.
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());
        var refused = BulkInput.UserId(60);
        Sim.Script(refused, SimFault.RateLimit429);

        var r = Ps.Run(BulkInput.PictureRows(150) + " | Set-ZoomUserPicture -ThrottleLimit 8 -Verbose");

        r.ThrowIfFailed();
        Assert.Equal(150, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        var cut = Assert.Single(r.Verbose, v => v.Contains("Zoom answered 429", StringComparison.Ordinal));
        Assert.Matches(@"Request rate ([\d.]+)/s -> ([\d.]+)/s", cut);
        var m = System.Text.RegularExpressions.Regex.Match(cut, @"Request rate ([\d.]+)/s -> ([\d.]+)/s");
        Assert.True(double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) <
                    double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), cut);
        var log = Sim.Requests.ToList();
        var the429 = log.FindIndex(q => q.UserId == refused && q.StatusCode == 429);
        var retry = log.FindIndex(the429 + 1, q => q.UserId == refused);
        Assert.InRange(retry - the429 - 1, 0, 4 * 8);
    }

    [Fact]
    public async Task Two_sessions_on_one_account_both_finish_with_no_failed_row()
    {
        // Two runbooks at once, each with its own Connect-Zoom and pacer, one account limit between them.
        Sim.Options.RateLimitPerSecond = 20;
        Sim.Options.SendRateLimitHeaders = false;
        using var second = new PowerShellSession();
        foreach (var ps in new[] { Ps, second })
        {
            ps.Connect(Sim);
            ps.Set("photo", Jpeg());
        }

        var a = Task.Run(() => Ps.Run(BulkInput.PictureRows(80) + " | Set-ZoomUserPicture"));
        var b = Task.Run(() => second.Run("1..80 | ForEach-Object { [pscustomobject]@{ UserId = \"s$_@example.com\"; ImageData = $photo } } | Set-ZoomUserPicture"));
        var results = await Task.WhenAll(a, b);

        foreach (var r in results)
        {
            r.ThrowIfFailed();
            Assert.Equal(80, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        }
    }

    [Fact]
    public void Rows_for_the_same_user_never_overlap_and_each_gets_its_result_in_order()
    {
        var latency = TimeSpan.FromMilliseconds(200);
        Sim.Options.Latency = latency;
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        // The same user three times (in different case), among others.
        var r = Ps.Run(@"
            'dup@example.com','a@example.com','DUP@example.com','b@example.com','Dup@Example.com' |
                ForEach-Object { [pscustomobject]@{ UserId = $_; ImageData = $photo } } |
                Set-ZoomUserPicture");

        r.ThrowIfFailed();
        Assert.Equal(5, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        var dupResults = r.Results.Select(x => x.Str("UserId")).Where(u => string.Equals(u, "dup@example.com", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(new[] { "dup@example.com", "DUP@example.com", "Dup@Example.com" }, dupResults);
        var dup = Sim.Requests.Where(q => string.Equals(q.UserId, "dup@example.com", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, dup.Count);
        // Each arrived after the one before had been answered (which takes the latency at least).
        for (var i = 1; i < dup.Count; i++)
            Assert.True(dup[i].Timestamp - dup[i - 1].Timestamp >= latency * 0.95, $"request {i} arrived {(dup[i].Timestamp - dup[i - 1].Timestamp).TotalMilliseconds} ms after the one before");
    }
}
