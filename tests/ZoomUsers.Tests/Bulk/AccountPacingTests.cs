using System.Net.Http.Headers;
using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>One limiter per connection, shared by every cmdlet call, capped by what Zoom advertises.</summary>
public sealed class AccountPacingTests : ModuleTest
{
    // Counts arrivals per second at the in-process simulator: see ThreadPoolWarmth for why the pool is warmed.
    public AccountPacingTests() => ThreadPoolWarmth.Ensure();

    private const int ServerLimit = 20;
    // The client never sends more than the limit in any window of a little over a second; two more
    // for requests whose arrival a busy machine shifts into the next window.
    private const int BurstAllowance = ServerLimit / 10 + 2;

    protected override SimulatorOptions CreateOptions() => new() { RateLimitPerSecond = ServerLimit, RecordBodies = false };

    [Fact]
    public void The_limiter_keeps_the_server_under_its_per_second_limit()
    {
        Ps.Connect(Sim, $"-RequestsPerSecond {ServerLimit}");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(40) + " | Set-ZoomUserPicture -ThrottleLimit 16");

        r.ThrowIfFailed();
        Assert.Equal(40, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal(0, Sim.Count429);
        Assert.InRange(Sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(1)), 1, ServerLimit + BurstAllowance);
    }

    [Fact]
    public void Two_cmdlets_running_at_once_in_one_session_share_one_limiter()
    {
        // Each call alone would send at the full rate: two separate limiters would double it and
        // drain the server's bucket within a second or two.
        Ps.Connect(Sim, $"-RequestsPerSecond {ServerLimit}");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            $global:pictures = [System.Collections.Generic.List[object]]::new()
            " + BulkInput.PictureRows(30) + @" |
                Set-ZoomUserPicture -ThrottleLimit 8 |
                ForEach-Object {
                    $global:pictures.Add($_)
                    $n = [int]$_.UserId.Substring(1, $_.UserId.IndexOf('@') - 1)
                    [pscustomobject]@{ UserId = $_.UserId; Password = 'Zq8!k' + ($n.ToString('D5') -replace '(\d)', '$1.') }
                } |
                Set-ZoomUserPassword -ThrottleLimit 8 -Confirm:$false");

        r.ThrowIfFailed();
        var pictures = Ps.Run("$pictures").Output;
        Assert.Equal(30, pictures.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal(30, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal(0, Sim.Count429);
        Assert.InRange(Sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(1)), 1, ServerLimit + BurstAllowance);
    }

    [Fact]
    public void Zoom_advertising_a_lower_limit_caps_a_higher_configured_pace()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 200");
        Ps.Set("photo", Jpeg());

        Ps.Run("Set-ZoomUserPicture -UserId first@example.com -ImageData $photo").ThrowIfFailed();
        var pace = Ps.Run("(Get-ZoomConnection).RequestsPerSecond").Output.Single().BaseObject;
        // The first request went out at the configured pace; the claim is about the pace after it.
        Sim.ClearRequests();
        var r = Ps.Run(BulkInput.PictureRows(40) + " | Set-ZoomUserPicture -ThrottleLimit 16");

        Assert.Equal(ServerLimit * 0.98, (double)pace, 2); // just under the advertised limit
        r.ThrowIfFailed();
        Assert.Equal(0, Sim.Count429);
        Assert.InRange(Sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(1)), 1, ServerLimit + BurstAllowance);
    }

    [Fact]
    public async Task Another_app_using_the_account_costs_few_refusals_and_no_row()
    {
        Ps.Connect(Sim, $"-RequestsPerSecond {ServerLimit}");
        Ps.Set("photo", Jpeg());
        using var otherApp = new CancellationTokenSource();
        var other = Task.Run(() => OtherAppAsync(perSecond: 10, otherApp.Token));

        var r = Ps.Run(BulkInput.PictureRows(60) + " | Set-ZoomUserPicture -ThrottleLimit 8");
        await otherApp.CancelAsync();
        await other;

        r.ThrowIfFailed();
        Assert.Equal(60, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        // Together the two apps ask for 30 requests a second of an allowance of 20: without pauses
        // and a lower pace a third of the requests would be refused once the server's bucket is empty.
        var ours = Sim.Requests.Where(q => q.UserId?.StartsWith('u') == true).ToList();
        var refused = ours.Count(q => q.StatusCode == 429);
        Assert.True(refused <= ours.Count / 10, $"{refused} of {ours.Count} requests were refused.");
        if (refused > 0)
            Assert.True((double)Ps.Run("(Get-ZoomConnection).RequestsPerSecond").Output.Single().BaseObject < ServerLimit, "A 429 should have lowered the pace.");
    }

    /// <summary>Another Server-to-Server app of the same account, uploading at its own fixed pace.</summary>
    private async Task OtherAppAsync(int perSecond, CancellationToken stop)
    {
        using var http = new HttpClient();
        var tokenRequest = new HttpRequestMessage(HttpMethod.Post, Sim.TokenUri + "?grant_type=account_credentials&account_id=acct-1");
        tokenRequest.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("client-1:secret-1")));
        var json = await (await http.SendAsync(tokenRequest, CancellationToken.None)).Content.ReadAsStringAsync(CancellationToken.None);
        var token = System.Text.RegularExpressions.Regex.Match(json, "\"access_token\":\"([^\"]+)\"").Groups[1].Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var upload = new HttpRequestMessage(HttpMethod.Post, Sim.ApiBaseUri + "/users/other@example.com/picture");
                upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var part = new ByteArrayContent(Jpeg());
                part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                upload.Content = new MultipartFormDataContent { { part, "pic_file", "o.jpg" } };
                (await http.SendAsync(upload, stop)).Dispose();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
