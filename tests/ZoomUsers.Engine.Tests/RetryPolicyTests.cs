using System.Net;
using System.Text;
using Polly.Timeout;
using ZoomUsers.Api;
using ZoomUsers.Http;

namespace ZoomUsers.Engine.Tests;

public sealed class RetryPolicyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static async Task<ZoomAnswer> Read(int status, string body = "{\"code\":1,\"message\":\"m\"}")
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await ZoomAnswer.ReadAsync(response, DateTimeOffset.UtcNow);
    }

    private static Task<ZoomAnswer> Expired() => Read(401, "{\"code\":124,\"message\":\"Access token is expired.\"}");
    private static Task<ZoomAnswer> PerSecond() => Read(429, "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}");

    private static int RetriesGranted(ZoomAnswer answer, RetryBudget budget, bool canRenew = true, int maxRetries = 3)
    {
        var granted = 0;
        while (granted < 1000 && RetryPolicy.ShouldRetry(answer, budget, canRenew, maxRetries)) granted++;
        return granted;
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(501)]
    public async Task What_a_second_try_cannot_fix_is_not_retried(int status) =>
        Assert.Equal(0, RetriesGranted(await Read(status), new RetryBudget()));

    [Fact]
    public async Task The_daily_limit_is_never_retried() =>
        Assert.Equal(0, RetriesGranted(await Read(429, "{\"code\":429,\"message\":\"maximum daily rate limit\"}"), new RetryBudget()));

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_answers_get_exactly_MaxRetryCount_retries_with_backoff(int status)
    {
        var answer = await Read(status);
        var budget = new RetryBudget();
        Assert.Equal(3, RetriesGranted(answer, budget, maxRetries: 3));
        Assert.Equal(3, budget.TransientRetries);
        Assert.False(RetryPolicy.RetriesAtOnce(answer, budget));
    }

    [Fact]
    public void Timeouts_and_dropped_connections_share_the_transient_budget()
    {
        var budget = new RetryBudget();
        Assert.True(RetryPolicy.ShouldRetry(ZoomAnswer.FromFault(new TimeoutRejectedException()), budget, true, 2));
        Assert.True(RetryPolicy.ShouldRetry(ZoomAnswer.FromFault(new IOException("reset")), budget, true, 2));
        Assert.False(RetryPolicy.ShouldRetry(ZoomAnswer.FromFault(new TimeoutRejectedException()), budget, true, 2));
    }

    [Fact]
    public async Task Per_second_429s_have_their_own_budget_and_wait_in_the_pacer_not_in_a_backoff()
    {
        var answer = await PerSecond();
        var budget = new RetryBudget();
        Assert.Equal(3 * RetryPolicy.RateLimitRetriesPerRetry, RetriesGranted(answer, budget, maxRetries: 3));
        Assert.Equal(0, budget.TransientRetries);
        Assert.True(RetryPolicy.RetriesAtOnce(answer, budget));
    }

    [Fact]
    public async Task A_rejected_token_is_renewed_twice_for_free_then_paid_from_the_transient_budget()
    {
        var answer = await Expired();
        var budget = new RetryBudget();
        Assert.True(RetryPolicy.ShouldRetry(answer, budget, true, 1));
        Assert.True(RetryPolicy.RetriesAtOnce(answer, budget));
        Assert.True(RetryPolicy.ShouldRetry(answer, budget, true, 1));
        Assert.True(RetryPolicy.RetriesAtOnce(answer, budget));
        Assert.Equal(0, budget.TransientRetries);

        Assert.True(RetryPolicy.ShouldRetry(answer, budget, true, 1)); // the third renewal costs a transient retry...
        Assert.Equal(1, budget.TransientRetries);
        Assert.False(RetryPolicy.RetriesAtOnce(answer, budget));       // ...and waits a backoff
        Assert.False(RetryPolicy.ShouldRetry(answer, budget, true, 1)); // and the budget is spent
        Assert.Equal(3, budget.TokenRetries);
    }

    [Fact]
    public async Task A_token_that_cannot_be_renewed_is_not_retried() =>
        Assert.Equal(0, RetriesGranted(await Expired(), new RetryBudget(), canRenew: false));

    [Fact]
    public async Task MaxRetryCount_0_still_renews_an_expired_token_but_retries_nothing_else()
    {
        Assert.Equal(0, RetriesGranted(await Read(503), new RetryBudget(), maxRetries: 0));
        Assert.Equal(0, RetriesGranted(await PerSecond(), new RetryBudget(), maxRetries: 0));
        Assert.Equal(RetryPolicy.FreeTokenRetries, RetriesGranted(await Expired(), new RetryBudget(), maxRetries: 0));
    }

    /// <summary>
    /// One row's whole retry sequence on the connection's fake clock and random source: six 503s with
    /// -MaxRetryCount 5 and -RetryBaseDelay 0.5 s. Polly's exponential backoff with jitter (its
    /// decorrelated jitter, which the random source drives) waits on the fake clock, so each attempt
    /// leaves exactly when the backoff before it ends, and the row's Duration is the fake time it took.
    /// </summary>
    [Theory]
    [InlineData(0.5, new[] { 0, 448, 994, 2011, 4033, 8074 })]
    [InlineData(0.9, new[] { 0, 637, 1322, 2659, 5326, 10658 })]
    public void A_rows_backoff_schedule_runs_on_the_connections_clock_and_random_source(double random, int[] expectedMs)
    {
        using var zoom = new FakeZoomAccount((_, _) => (HttpStatusCode.ServiceUnavailable, "{\"code\":503,\"message\":\"Service unavailable\"}"), random: () => random);
        var result = zoom.Drive(zoom.Upload("a@example.com"));

        var sent = zoom.SentTo("a@example.com");
        output.WriteLine(string.Join(", ", sent.Select(t => t.TotalMilliseconds)));
        Assert.Equal(6, result.Attempts);
        Assert.Equal(expectedMs.Length, sent.Count);
        for (var i = 0; i < sent.Count; i++)
            Assert.InRange(sent[i].TotalMilliseconds, expectedMs[i], expectedMs[i] + 1); // the clock moves a millisecond at a time
        Assert.Equal(sent[^1], result.Duration);
    }
}
