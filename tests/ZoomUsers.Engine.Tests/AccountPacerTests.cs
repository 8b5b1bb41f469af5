using System.Net;
using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

public sealed class AccountPacerTests
{
    [Fact]
    public async Task Workers_queued_when_the_rate_changes_move_to_the_new_rate_instead_of_failing()
    {
        // At 100/s the gate lets the first worker go at once and queues the other 29, to leave 10 ms apart.
        // Zoom then advertises 50/s: the gate re-spaces the queue at the new rate (49/s) and every
        // waiting worker still gets its turn; none is dropped or fails.
        var time = new FakeTimeProvider();
        using var pacer = new AccountPacer(100, time);
        var workers = Enumerable.Range(0, 30).Select(_ => pacer.WaitAsync(CancellationToken.None)).ToList();

        using var answer = new HttpResponseMessage(HttpStatusCode.Created);
        answer.Headers.Add("X-RateLimit-Type", "QPS");
        answer.Headers.Add("X-RateLimit-Limit", "50");
        answer.Headers.Add("X-RateLimit-Remaining", "40");
        pacer.Observe(await ZoomAnswer.ReadAsync(answer, time.GetUtcNow()));

        Assert.Equal(50 * RateController.HeaderFraction, pacer.CurrentRate, 6);
        for (var ms = 0; ms < 1000; ms++) time.Advance(TimeSpan.FromMilliseconds(1)); // 30 at 49/s need 0.6 s
        var all = Task.WhenAll(workers);
        Assert.True(all.IsCompleted, $"{workers.Count(w => !w.IsCompleted)} still waiting");
        await all; // none threw
    }

    [Fact]
    public async Task A_daily_429_without_headers_fails_every_later_wait_until_the_next_utc_midnight()
    {
        var now = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.FromHours(-8)); // 07:30 UTC the next day
        using var pacer = new AccountPacer(10, new FakeTimeProvider(now));
        using var refusal = new HttpResponseMessage((HttpStatusCode)429)
        {
            Content = new StringContent("{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}"),
        };

        pacer.Observe(await ZoomAnswer.ReadAsync(refusal, now));

        Assert.False(await pacer.WaitAsync(CancellationToken.None));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), pacer.DailyLimitResetsAt);
        Assert.Contains("2026-11-24 00:00:00 UTC", DailyLimit.Describe(pacer.DailyLimitResetsAt!.Value));
    }
}
