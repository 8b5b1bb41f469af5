using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Api;
using ZoomUsers.Auth;
using ZoomUsers.Connection;
using ZoomUsers.Http;
using ZoomUsers.Pacing;
using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The real attempt path of one connection (<see cref="AttemptChain"/>, <see cref="RetryPolicy"/>,
/// <see cref="ZoomApiClient"/>, the pacer) on one <see cref="FakeTimeProvider"/> and one injected random
/// source, over an in-memory network whose answer to each request a test scripts: no socket, no wall clock.
/// </summary>
internal sealed class FakeZoomAccount : IDisposable
{
    private readonly AccountPacer _pacer;
    private readonly TokenCache _tokens;
    private readonly List<(string User, TimeSpan At)> _sent = new();
    private readonly List<(string User, byte[] Body)> _bodies = new();
    private readonly DateTimeOffset _start;
    private readonly WatchedClock _clock;
    private long _seq, _lastSend, _lastTimer, _lastFired;

    /// <param name="answer">The status for a user's n-th request (1-based).</param>
    public FakeZoomAccount(Func<string, int, (HttpStatusCode Status, string? Body)> answer, int maxRetryCount = 5, Func<double>? random = null)
    {
        _start = Time.GetUtcNow();
        _clock = new WatchedClock(this);
        var options = new ZoomConnectionOptions { MaxRetryCount = maxRetryCount, RetryBaseDelay = TimeSpan.FromSeconds(0.5), RequestsPerSecond = 1000 };
        random ??= () => 0.5;
        _pacer = new AccountPacer(options.RequestsPerSecond, _clock, random);
        _tokens = new TokenCache(new StaticTokenSource(new AccessToken("token", null, Array.Empty<string>(), null)), null, _clock);
        var network = new HttpClient(new Network(this, answer));
        var send = AttemptChain.Build(_pacer, _tokens, options.RequestTimeout, () => network, _clock);
        Api = new ZoomApiClient(send, new Uri("https://api.zoom.test/v2"), RetryPolicy.Build(options, _tokens, _clock, random), _tokens, options.RequestTimeout, options.MaxRetryCount, _clock);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public ZoomApiClient Api { get; }

    /// <summary>When each request to <paramref name="user"/> was sent, on the fake clock since the account was made.</summary>
    public List<TimeSpan> SentTo(string user)
    {
        lock (_sent) return _sent.Where(s => s.User == user).Select(s => s.At).ToList();
    }

    /// <summary>The body of each request to <paramref name="user"/> that had one, in the order sent.</summary>
    public List<byte[]> BodiesTo(string user)
    {
        lock (_sent) return _bodies.Where(s => s.User == user).Select(s => s.Body).ToList();
    }

    /// <summary>
    /// Advances the fake clock a millisecond at a time until <paramref name="task"/> is done. When a timer
    /// ends a wait (a backoff, the gate), its continuation runs on the thread pool: the clock stands still
    /// until the row has sent its next request and set its next timer (or finished), so each request
    /// leaves at the fake time its wait ended, however slowly the machine runs the continuation.
    /// </summary>
    public T Drive<T>(Task<T> task)
    {
        for (var step = 0; !task.IsCompleted; step++)
        {
            Assert.True(step < 1_000_000, "the task never finished");
            var before = Interlocked.Read(ref _lastFired);
            Time.Advance(TimeSpan.FromMilliseconds(1));
            var fired = Interlocked.Read(ref _lastFired);
            if (fired != before)
                SpinWait.SpinUntil(() => task.IsCompleted ||
                    (Interlocked.Read(ref _lastSend) > fired && Interlocked.Read(ref _lastTimer) > Interlocked.Read(ref _lastSend)), TimeSpan.FromSeconds(10));
        }
        return task.GetAwaiter().GetResult();
    }

    public Task<UserUpdateResult> Upload(string user) =>
        Api.UploadPictureAsync(user, Picture.FromBytes(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0 }, "a.jpg", "The picture").Value!, null, CancellationToken.None);

    public void Dispose()
    {
        _tokens.Dispose();
        _pacer.Dispose();
    }

    private sealed class Network(FakeZoomAccount account, Func<string, int, (HttpStatusCode Status, string? Body)> answer) : HttpMessageHandler
    {
        private readonly Dictionary<string, int> _counts = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var user = Uri.UnescapeDataString(request.RequestUri!.Segments[3].TrimEnd('/'));
            var body = request.Content?.ReadAsByteArrayAsync(cancellationToken).GetAwaiter().GetResult();
            int n;
            lock (account._sent)
            {
                account._sent.Add((user, account.Time.GetUtcNow() - account._start));
                if (body != null) account._bodies.Add((user, body));
                Interlocked.Exchange(ref account._lastSend, Interlocked.Increment(ref account._seq));
                _counts[user] = n = _counts.GetValueOrDefault(user) + 1;
            }
            var (status, reply) = answer(user, n);
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(reply ?? "{}", Encoding.UTF8, "application/json"),
            });
        }
    }

    /// <summary>The fake clock as the connection sees it, telling the account when a timer is set and when one fires.</summary>
    private sealed class WatchedClock(FakeZoomAccount account) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => account.Time.GetUtcNow();
        public override long GetTimestamp() => account.Time.GetTimestamp();
        public override long TimestampFrequency => account.Time.TimestampFrequency;
        public override TimeZoneInfo LocalTimeZone => account.Time.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = account.Time.CreateTimer(s =>
            {
                Interlocked.Exchange(ref account._lastFired, Interlocked.Increment(ref account._seq));
                callback(s);
            }, state, dueTime, period);
            Interlocked.Exchange(ref account._lastTimer, Interlocked.Increment(ref account._seq));
            return timer;
        }
    }
}
