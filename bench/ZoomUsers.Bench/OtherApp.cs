using System.Net.Http.Headers;
using System.Text;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// Another Server-to-Server app of the same account, uploading at a steady pace and never adapting.
/// The simulator has one limiter per account, so its requests and the module's count against one limit.
/// </summary>
internal sealed class OtherApp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _sent;
    private int _refused;

    public OtherApp(ZoomSimulator sim, double perSecond) => _loop = Task.Run(() => RunAsync(sim, perSecond, _stop.Token));

    public int Sent => Volatile.Read(ref _sent);
    public int Refused => Volatile.Read(ref _refused);
    public double RefusedShare => Sent == 0 ? 0 : (double)Refused / Sent;

    private async Task RunAsync(ZoomSimulator sim, double perSecond, CancellationToken stop)
    {
        using var http = new HttpClient();
        var tokenRequest = new HttpRequestMessage(HttpMethod.Post, sim.TokenUri + $"?grant_type=account_credentials&account_id={sim.Options.AccountId}");
        tokenRequest.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.ClientId}:{sim.Options.ClientSecret}")));
        var json = await (await http.SendAsync(tokenRequest, stop)).Content.ReadAsStringAsync(stop);
        var token = System.Text.RegularExpressions.Regex.Match(json, "\"access_token\":\"([^\"]+)\"").Groups[1].Value;
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        var inFlight = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                next += interval;
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stop);
                inFlight.Add(SendOneAsync(http, sim, token, stop)); // steady: never waits for answers
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        try { await Task.WhenAll(inFlight); } catch (OperationCanceledException) { }
    }

    private async Task SendOneAsync(HttpClient http, ZoomSimulator sim, string token, CancellationToken stop)
    {
        using var upload = new HttpRequestMessage(HttpMethod.Post, sim.ApiBaseUri + "/users/other-app@example.com/picture");
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var part = new ByteArrayContent(BulkRun.Photo);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        upload.Content = new MultipartFormDataContent { { part, "pic_file", "o.jpg" } };
        Interlocked.Increment(ref _sent);
        using var answer = await http.SendAsync(upload, stop);
        if ((int)answer.StatusCode == 429) Interlocked.Increment(ref _refused);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
