using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Transport;

namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// The bulk smoke as Zoom is reached: over HTTPS at the account's limit, directly and through a
/// proxy that asks for Basic credentials (so every connection is an authenticated CONNECT tunnel).
/// Speed over TLS is the benchmark's (its Business TLS row); here: every row gets its one result,
/// every password is applied once, and every request really went over TLS (and through a tunnel).
/// </summary>
public sealed class HttpsBulkTests : ModuleTest
{
    private const int Rows = 120;

    protected override bool OverTls => true;

    protected override SimulatorOptions CreateOptions() => new() { RateLimitPerSecond = 60, RecordBodies = false };

    [HttpsFact]
    public void A_bulk_run_over_HTTPS_at_the_limit_ends_with_every_row_succeeded()
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());
        var csv = BulkInput.PasswordCsv(Rows / 2, TempDir);

        var pictures = Ps.Run(BulkInput.PictureRows(Rows) + " | Set-ZoomUserPicture");
        var passwords = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", csv);

        pictures.ThrowIfFailed();
        passwords.ThrowIfFailed();
        Assert.Equal(Rows, pictures.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal(Rows / 2, passwords.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.All(Enumerable.Range(1, Rows / 2), i => Assert.Equal(BulkInput.PasswordFor(i), Sim.Users[BulkInput.UserId(i)].CurrentPassword));
        Assert.All(Sim.Requests, q => Assert.True(q.OverTls, q.ToString()));
    }

    [HttpsFact]
    public async Task A_bulk_run_through_an_authenticated_tunnel_ends_with_every_row_succeeded()
    {
        const string user = "proxy-user", password = "PxSentinel-bulk-7e20";
        await using var proxy = new LoopbackForwardProxy(user, password);
        Ps.SetCredential("pc", user, password);
        Ps.Connect(Sim, "-Proxy " + proxy.Uri + " -ProxyCredential $pc");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(Rows) + " | Set-ZoomUserPicture");

        r.ThrowIfFailed();
        Assert.Equal(Rows, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        var ports = proxy.Tunnels.Select(t => t.UpstreamPort).ToHashSet();
        Assert.All(proxy.Tunnels, t => Assert.Equal(expected, t.ProxyAuthorization));
        Assert.Equal(Rows + 1, Sim.Requests.Count); // the token, then the rows
        Assert.All(Sim.Requests, q => Assert.True(q.OverTls && ports.Contains(q.RemotePort), q.ToString()));
    }
}
