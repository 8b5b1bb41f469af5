using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZoomUsers.Simulator.Tls;

namespace ZoomUsers.Simulator;

/// <summary>
/// A stand-in for Zoom's token service and the /v2 user endpoints, on a loopback port: in the tests'
/// process, or on its own (Program.cs).
/// One account: <see cref="SimulatorOptions.AccountId"/> with one Server-to-Server app.
/// </summary>
public sealed class ZoomSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly RequestLog _log = new();
    private readonly ApiPipeline _api;
    private readonly ConcurrentDictionary<string, SimUser> _byId = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _disposed;

    private ZoomSimulator(SimulatorOptions options)
    {
        Options = options;
        _api = new ApiPipeline(this);
    }

    /// <param name="port">0 (the tests' way): any free port.</param>
    /// <param name="tls">null: plain http; otherwise https with this certificate (as Zoom answers: over TLS only).</param>
    public static async Task<ZoomSimulator> StartAsync(SimulatorOptions? options = null, int port = 0, SimulatorTls? tls = null)
    {
        var simulator = new ZoomSimulator(options ?? new SimulatorOptions());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Fixed, so a test host's environment or working directory cannot reconfigure the fixture.
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.None);
        // Tests start many simulators in one process: none of them may hook Ctrl+C / SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (tls != null) listen.UseHttps(tls.Certificate);
            });
        });

        var app = builder.Build();
        app.Run(simulator.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        simulator._app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        var listening = new Uri(address).Port;
        var scheme = tls != null ? "https" : "http";
        simulator.BaseUri = new Uri($"{scheme}://127.0.0.1:{listening}/");
        simulator.ApiBaseUri = new Uri($"{scheme}://127.0.0.1:{listening}/v2");
        simulator.TokenUri = new Uri($"{scheme}://127.0.0.1:{listening}/oauth/token");
        simulator.PictureHostUri = new Uri($"{scheme}://localhost:{listening}/");
        return simulator;
    }

    /// <summary>http://127.0.0.1:PORT/ (https:// when started with TLS)</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/v2 (no trailing slash, like https://api.zoom.us/v2).</summary>
    public Uri ApiBaseUri { get; private set; } = null!;

    /// <summary>http://127.0.0.1:PORT/oauth/token</summary>
    public Uri TokenUri { get; private set; } = null!;

    /// <summary>
    /// Where pic_url points: http://localhost:PORT/ (https:// with TLS), the same server under another
    /// host name than the API's, as Zoom's pictures live on another host than api.zoom.us.
    /// </summary>
    public Uri PictureHostUri { get; private set; } = null!;

    /// <summary>Requests that reached the picture host (recorded like every request), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> PictureRequests =>
        Requests.Where(r => r.Path.StartsWith(PictureHost.PathPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>The user's pic_url now, or null when the user has no picture (Zoom then leaves pic_url out).</summary>
    public Uri? PictureUrl(SimUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Picture is null)
            return null;
        var extension = user.PictureContentType == "image/png" ? "png" : "jpg";
        return new Uri(PictureHostUri, $"p/{Uri.EscapeDataString(user.Id)}/{user.PictureVersion}.{extension}");
    }

    /// <summary>A user by Zoom id (<see cref="SimUser.Id"/>), among <see cref="Users"/>.</summary>
    public bool TryGetById(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SimUser? user)
    {
        user = null;
        // Ids have no '@': an email never needs the scan below, so auto-created benchmark users stay cheap.
        if (string.IsNullOrEmpty(id) || id.Contains('@'))
            return false;
        if (_byId.TryGetValue(id, out user) && Users.TryGetValue(user.UserId, out var current) && ReferenceEquals(current, user))
            return true;
        foreach (var candidate in Users.Values)
            _byId[candidate.Id] = candidate;
        return _byId.TryGetValue(id, out user) && Users.ContainsKey(user.UserId);
    }

    /// <summary>Read on every request, so changes apply to the next request.</summary>
    public SimulatorOptions Options { get; }

    /// <summary>Key: user id or email, case-insensitive.</summary>
    public ConcurrentDictionary<string, SimUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Ids that answer 404 code 1001 even with AutoCreateUsers (case-insensitive, thread-safe).</summary>
    public ISet<string> MissingUsers { get; } = new ConcurrentStringSet();

    /// <summary>Snapshot of every request received (token endpoint included), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    public int TokenRequestCount => _log.TokenRequestCount;

    /// <summary>Responses with status 429.</summary>
    public int Count429 => _log.Count429;

    /// <summary>Requests to /v2/..., whatever their status.</summary>
    public int ApiRequestCount => _log.ApiRequestCount;

    internal TokenStore Tokens { get; } = new();
    internal RateLimiter Limiter { get; } = new();
    internal RateLimiter LightLimiter { get; } = new();
    internal ScriptedFaults Scripts { get; } = new();

    /// <summary>Adds or replaces a user.</summary>
    public SimUser AddUser(string userId, string? currentPassword = null)
    {
        var user = new SimUser(userId) { CurrentPassword = currentPassword };
        Users[userId] = user;
        return user;
    }

    /// <summary>
    /// The next requests naming this user (any API endpoint) get these faults, in order, one per request,
    /// before normal behaviour resumes. Calls append to what is still queued.
    /// </summary>
    public void Script(string userId, params SimFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(faults);
        Scripts.Add(userId, faults);
    }

    /// <summary>The next reads of the account's settings (<c>/accounts/me/settings</c>) get these faults, as <see cref="Script"/> does for users.</summary>
    public void ScriptAccountSettings(params SimFault[] faults) => Script(AccountScriptKey("me"), faults);

    internal static string AccountScriptKey(string accountId) => "account:" + accountId;

    /// <summary>Every token issued so far answers 401 code 124 "Access token is expired."; new tokens work.</summary>
    public void ExpireAllTokens() => Tokens.ExpireAll();

    /// <summary>Forgets recorded requests and resets the counters and the accepted-request history.</summary>
    public void ClearRequests() => _log.Clear();

    /// <summary>
    /// The most API requests not answered 429 whose arrival fell inside one window [t, t + window).
    /// Kept even when RecordRequests is off.
    /// </summary>
    public int MaxAcceptedInAnyWindow(TimeSpan window) => _log.MaxAcceptedInAnyWindow(window);

    /// <summary>As <see cref="MaxAcceptedInAnyWindow(TimeSpan)"/>, counting only requests of one rate-limit label.</summary>
    public int MaxAcceptedInAnyWindow(TimeSpan window, RateLabel label) => _log.MaxAcceptedInAnyWindow(window, label);

    /// <summary>Requests to /v2/... of one rate-limit label, whatever their status.</summary>
    public int ApiRequestsOf(RateLabel label) => _log.ApiRequestsOf(label);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // Ends stalls and latency first, so stopping does not wait for them.
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is { } app)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var x = new Exchange(http, _log.NextSequence(), _stopping.Token);
        var options = Options;
        bool record = options.RecordRequests;
        bool bodies = record && options.RecordBodies;
        try
        {
            http.Response.Headers["x-zm-trackingid"] = x.TrackingId;
            if (bodies)
                await x.ReadBodyAsync();

            switch (x.Destination)
            {
                case Destination.Api:
                    _log.CountApiRequest();
                    await _api.HandleAsync(x);
                    break;
                case Destination.Picture:
                    await x.DelayAsync(options.PictureLatency);
                    await x.SendAsync(PictureHost.Serve(this, x));
                    break;
                case Destination.Token:
                    _log.CountTokenRequest();
                    await x.SendAsync(await TokenEndpoint.HandleAsync(this, x));
                    break;
                default:
                    await x.SendAsync(Replies.NotFound);
                    break;
            }
        }
        catch (Exception) when (x.ClientGone || _stopping.IsCancellationRequested)
        {
            x.Drop();
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            // A simulator bug must show up in the test that hit it, not as a bare Kestrel 500.
            http.Response.Clear();
            http.Response.Headers["x-zm-trackingid"] = x.TrackingId;
            await x.SendAsync(Replies.Error(500, 500, $"Simulator error: {e.GetType().Name}: {e.Message}"));
        }
        catch (Exception)
        {
            x.Drop();
        }
        finally
        {
            RecordedRequest? row = null;
            if (record)
            {
                try
                {
                    row = await x.ToRecordAsync(bodies);
                }
                catch (Exception e) when (x.ClientGone || e is IOException)
                {
                }
            }
            _log.Complete(x.IsApi, x.Label, x.Status, x.Arrival, row);
        }
    }

    /// <summary>Neither waits for nor reacts to process signals: the owner of the simulator stops it.</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
