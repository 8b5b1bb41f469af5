using System.Net;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;
using ZoomUsers.Auth;
using ZoomUsers.Diagnostics;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>Each handler of an attempt alone, over a fake inner one; and the chain as <see cref="AttemptChain"/> builds it.</summary>
public sealed class HandlerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private ZoomAnswer Read(HttpStatusCode status, string? body = null, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        if (body != null) response.Content = new StringContent(body);
        return ZoomAnswer.ReadAsync(response, _time.GetUtcNow()).GetAwaiter().GetResult();
    }

    private static OperationState State(IOperationLog? log = null) => new("Set profile picture of 'a@example.com'", log);

    [Fact]
    public async Task Pacing_lets_the_attempt_go_counts_it_and_learns_from_its_answer()
    {
        using var pacer = new AccountPacer(null, _time);
        var state = State();
        var answer = await new PacingHandler(pacer, (_, _, _) => Task.FromResult(Read(HttpStatusCode.Created, null,
            ("X-RateLimit-Type", "QPS"), ("X-RateLimit-Limit", "20"), ("X-RateLimit-Remaining", "15"))))
            .SendAsync(new HttpRequestMessage(), state, CancellationToken.None);

        Assert.Equal(AnswerKind.Success, answer.Kind);
        Assert.Equal(1, state.Attempts);
        Assert.Equal(20, pacer.AdvertisedLimit);
    }

    [Fact]
    public async Task Pacing_answers_the_daily_limit_itself_and_sends_nothing()
    {
        using var pacer = new AccountPacer(null, _time);
        pacer.Observe(Read((HttpStatusCode)429, "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}"));
        var sent = 0;
        var state = State();

        var answer = await new PacingHandler(pacer, (_, _, _) => { sent++; return Task.FromResult(Read(HttpStatusCode.Created)); })
            .SendAsync(new HttpRequestMessage(), state, CancellationToken.None);

        Assert.Equal(AnswerKind.DailyLimit, answer.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), answer.DailyResetAt);
        Assert.Equal(0, sent);
        Assert.Equal(0, state.Attempts);
        Assert.Null(answer.Fault);
    }

    [Fact]
    public async Task Pacing_counts_the_time_a_row_held_its_slot_a_failed_exchange_and_the_backoff_before_a_retry_included()
    {
        using var pacer = new AccountPacer(null, _time);
        var state = State();
        var handler = new PacingHandler(pacer, (_, _, _) =>
        {
            _time.Advance(TimeSpan.FromSeconds(3)); // no answer until -TimeoutSec
            throw new TimeoutRejectedException();
        });
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => handler.SendAsync(new HttpRequestMessage(), state, CancellationToken.None));
        Assert.Equal(3, pacer.SlotSeconds, 3);

        _time.Advance(TimeSpan.FromSeconds(1)); // the retry's backoff
        await new PacingHandler(pacer, (_, _, _) => Task.FromResult(Read(HttpStatusCode.Created)))
            .SendAsync(new HttpRequestMessage(), state, CancellationToken.None);

        Assert.Equal((3 + 1) / 2.0, pacer.SlotSeconds, 3); // two attempts: 3 s, then 1 s of backoff and an instant answer
        Assert.Equal(2, state.Attempts);
    }

    [Fact]
    public async Task Authentication_puts_the_token_on_and_drops_one_Zoom_rejected()
    {
        var source = new CountingSource();
        using var tokens = new TokenCache(source, time: _time);
        string? seen = null;
        var handler = new AuthenticationHandler(tokens, (request, _, _) =>
        {
            seen = request.Headers.Authorization?.ToString();
            return Task.FromResult(Read(HttpStatusCode.Unauthorized, "{\"code\":124,\"message\":\"Invalid access token.\"}"));
        });

        var answer = await handler.SendAsync(new HttpRequestMessage(), State(), CancellationToken.None);

        Assert.Equal(AnswerKind.TokenRejected, answer.Kind);
        Assert.Equal("Bearer token-1", seen);
        Assert.Equal("token-2", (await tokens.GetAsync(CancellationToken.None)).Value);
    }

    [Fact]
    public async Task The_attempt_timeout_ends_an_exchange_that_never_answers_on_the_connection_clock()
    {
        var handler = new AttemptTimeoutHandler(TimeSpan.FromSeconds(3), async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Read(HttpStatusCode.OK);
        }, _time);

        var attempt = handler.SendAsync(new HttpRequestMessage(), State(), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(attempt.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.2));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => attempt);
    }

    [Fact]
    public async Task Diagnostics_writes_status_and_tracking_id_and_never_the_token()
    {
        var log = new ListLog();
        var request = new HttpRequestMessage(HttpMethod.Post, "https://api.zoom.us/v2/users/a/picture");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "SENTINEL-TOKEN");

        await new DiagnosticsHandler((_, _, _) => Task.FromResult(Read(HttpStatusCode.Created, null, ("x-zm-trackingid", "track-1"))), _time)
            .SendAsync(request, State(log), CancellationToken.None);

        Assert.Contains(log.Lines, l => l.Contains("Bearer ***"));
        Assert.Contains(log.Lines, l => l.Contains("HTTP 201") && l.Contains("track-1"));
        Assert.DoesNotContain(log.Lines, l => l.Contains("SENTINEL-TOKEN"));
    }

    [Fact]
    public async Task The_chain_paces_then_authenticates_then_reads_the_answer_once()
    {
        using var pacer = new AccountPacer(null, _time);
        using var tokens = new TokenCache(new CountingSource(), time: _time);
        var network = new StubNetwork(request =>
        {
            Assert.Equal("Bearer token-1", request.Headers.Authorization?.ToString()); // the token handler ran before the network
            var response = new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent("{\"code\":429,\"message\":\"Too many requests.\"}") };
            response.Headers.Add("Retry-After", "1");
            return response;
        });
        using var client = new HttpClient(network);
        var send = AttemptChain.Build(pacer, tokens, TimeSpan.FromSeconds(30), () => client, _time);
        var state = State();

        var answer = await send(new HttpRequestMessage(HttpMethod.Get, "https://api.zoom.us/v2/users/me"), state, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(AnswerKind.RateLimited, answer.Kind);
        Assert.Equal(1, state.Attempts);             // released by the pacer
        Assert.Equal(1, network.Calls);
        var next = pacer.WaitAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);              // and the 429 reached the pacer: the account pauses
        for (var ms = 0; ms < 999; ms++) _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(next.IsCompleted);              // Retry-After: 1
        for (var ms = 0; ms < 1000; ms++) _time.Advance(TimeSpan.FromMilliseconds(1)); // and the cut rate's interval
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private sealed class CountingSource : ITokenSource
    {
        private int _calls;
        public bool CanRenew => true;
        public Task<AccessToken> AcquireAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccessToken("token-" + Interlocked.Increment(ref _calls), null, Array.Empty<string>(), null));
    }

    private sealed class ListLog : IOperationLog
    {
        public List<string> Lines { get; } = new();
        public bool VerboseEnabled => true;
        public bool DebugEnabled => true;
        public void Verbose(string message) => Lines.Add(message);
        public void Debug(string message) => Lines.Add(message);
    }

    private sealed class StubNetwork(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            var response = answer(request);
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
