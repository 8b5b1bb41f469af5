using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The real <see cref="AccountPacer"/> and <see cref="RequestGate"/> on a fake clock, advanced a
/// millisecond at a time the way a timer would wake (or in larger jumps, a late one): the rules the
/// end-to-end suite can only sample against real time, each checked exactly.
/// </summary>
public sealed class PacerOnFakeTimeTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly DateTimeOffset _start;

    public PacerOnFakeTimeTests() => _start = _time.GetUtcNow();

    private TimeSpan Now => _time.GetUtcNow() - _start;

    /// <summary>
    /// <paramref name="workers"/> rows, each waiting at the pacer again as soon as it got its turn (a
    /// request that is answered at once), for <paramref name="duration"/>: when each turn came.
    /// </summary>
    private List<TimeSpan> Turns(AccountPacer pacer, int workers, TimeSpan duration, TimeSpan? step = null, Action<TimeSpan>? each = null)
    {
        var turns = new List<TimeSpan>();
        using var stop = new CancellationTokenSource(); // the rows still waiting at the end leave the queue
        var waiting = Enumerable.Range(0, workers).Select(_ => pacer.WaitAsync(stop.Token)).ToList();
        var end = Now + duration;
        while (Now < end)
        {
            for (var i = 0; i < waiting.Count; i++)
            {
                if (!waiting[i].IsCompleted) continue;
                Assert.True(waiting[i].IsCompletedSuccessfully && waiting[i].Result, $"{waiting[i].Exception}");
                turns.Add(Now);
                waiting[i] = pacer.WaitAsync(stop.Token);
                i--; // a turn due at once was granted inside WaitAsync
            }
            _time.Advance(step ?? TimeSpan.FromMilliseconds(1));
            each?.Invoke(Now);
        }
        stop.Cancel();
        return turns;
    }

    private static int MostInAnyWindow(List<TimeSpan> turns, TimeSpan window)
    {
        var most = 0;
        for (int first = 0, last = 0; last < turns.Count; last++)
        {
            while (turns[last] - turns[first] >= window) first++;
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }

    private ZoomAnswer Answer(HttpStatusCode status, string? retryAfter = null, int? limit = null, int? remaining = null)
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfter != null) response.Headers.Add("Retry-After", retryAfter);
        if (limit != null)
        {
            response.Headers.Add("X-RateLimit-Type", "QPS");
            response.Headers.Add("X-RateLimit-Limit", limit.Value.ToString(CultureInfo.InvariantCulture));
            response.Headers.Add("X-RateLimit-Remaining", (remaining ?? 0).ToString(CultureInfo.InvariantCulture));
        }
        if ((int)status == 429)
            response.Content = new StringContent("{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}");
        return ZoomAnswer.ReadAsync(response, _time.GetUtcNow()).GetAwaiter().GetResult();
    }

    [Fact]
    public void Requests_leave_one_interval_apart_whatever_the_number_waiting()
    {
        using var pacer = new AccountPacer(null, _time); // 10/s to start, no hard number so no window cap
        var turns = Turns(pacer, workers: 30, TimeSpan.FromSeconds(5));

        Assert.InRange(turns.Count, 50, 51);
        for (var i = 1; i < turns.Count; i++)
            Assert.Equal(TimeSpan.FromMilliseconds(100), turns[i] - turns[i - 1]);
    }

    [Fact]
    public void RequestsPerSecond_is_never_exceeded_in_any_window_of_the_promise_even_with_late_wake_ups()
    {
        // 20/s spaces turns 50 ms apart, which puts 21 inside 1.03 s: the window cap is what keeps it to 20.
        using var pacer = new AccountPacer(20, _time);
        var onTime = Turns(pacer, workers: 40, TimeSpan.FromSeconds(10));
        Assert.Equal(20, MostInAnyWindow(onTime, RequestCap.PromiseWindow));

        CapHoldsOnLateWakeUps(pacer, 20, RequestCap.PromiseWindow);
    }

    /// <summary>
    /// A busy machine: the timer wakes 35 ms late each time, and each wake-up catches up what it owes.
    /// For 10 s the rate holds (at least 95% of <paramref name="count"/> a second) and the cap still
    /// allows no more than <paramref name="count"/> in any <paramref name="window"/>.
    /// </summary>
    private void CapHoldsOnLateWakeUps(AccountPacer pacer, int count, TimeSpan window)
    {
        var late = Turns(pacer, workers: 2 * count, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(35));
        Assert.True(late.Count >= 9 * 0.95 * count, $"{late.Count} turns in 10 s: the rate holds on late wake-ups");
        Assert.Equal(count, MostInAnyWindow(late, window));
    }

    [Fact]
    public void A_known_limit_is_held_at_its_ceiling_and_never_passed_in_any_second()
    {
        using var pacer = new AccountPacer(null, _time);
        pacer.Observe(Answer(HttpStatusCode.Created, limit: 60, remaining: 50));
        var turns = Turns(pacer, workers: 80, TimeSpan.FromSeconds(20), each: now =>
        {
            if (now.Ticks % TimeSpan.FromMilliseconds(10).Ticks == 0) pacer.Observe(Answer(HttpStatusCode.Created, limit: 60, remaining: 30));
        });

        var last10 = turns.Count(t => t >= TimeSpan.FromSeconds(10));
        Assert.InRange(last10 / 10.0, 60 * RateController.HeaderFraction - 0.5, 60 * RateController.HeaderFraction + 0.5);
        // 58.8/s spaces turns 17 ms apart, which puts 61 inside the cap's window of 1.02 s (the limit's
        // second over HeaderFraction): the window cap is what keeps it to the limit, 60.
        Assert.Equal(60, MostInAnyWindow(turns, RequestCap.LimitWindow));

        CapHoldsOnLateWakeUps(pacer, 60, RequestCap.LimitWindow);
    }

    [Fact]
    public void A_429_pauses_every_waiting_worker_for_Retry_After()
    {
        using var pacer = new AccountPacer(50, _time);
        Turns(pacer, workers: 20, TimeSpan.FromSeconds(1));
        var refusedAt = Now;
        pacer.Observe(Answer((HttpStatusCode)429, retryAfter: "2"));

        var turns = Turns(pacer, workers: 20, TimeSpan.FromSeconds(4));

        Assert.DoesNotContain(turns, t => t < refusedAt + TimeSpan.FromSeconds(2));
        Assert.Equal(refusedAt + TimeSpan.FromSeconds(2), turns[0]);
        Assert.True(turns.Count > 50, $"{turns.Count} turns after the pause");
    }

    /// <summary>A 429 without Retry-After pauses 0.5 s x (0.5 + the connection's random number): the jitter comes from the injected source.</summary>
    [Theory]
    [InlineData(0.0, 250)]
    [InlineData(0.5, 500)]
    [InlineData(0.9, 700)]
    public void A_429_without_Retry_After_pauses_for_a_jitter_drawn_from_the_connections_random_source(double random, int pauseMs)
    {
        using var pacer = new AccountPacer(50, _time, () => random);
        Turns(pacer, workers: 5, TimeSpan.FromSeconds(1));
        var refusedAt = Now;
        pacer.Observe(Answer((HttpStatusCode)429));

        var turns = Turns(pacer, workers: 5, TimeSpan.FromSeconds(2));

        Assert.Equal(refusedAt + TimeSpan.FromMilliseconds(pauseMs), turns[0]);
    }

    [Fact]
    public async Task The_daily_limit_reached_while_rows_wait_fails_them_at_their_turn()
    {
        using var pacer = new AccountPacer(10, _time);
        var first = pacer.WaitAsync(CancellationToken.None);
        var second = pacer.WaitAsync(CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully && await first);
        Assert.False(second.IsCompleted);

        using var daily = new HttpResponseMessage((HttpStatusCode)429)
        {
            Content = new StringContent("{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}"),
        };
        pacer.Observe(await ZoomAnswer.ReadAsync(daily, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(await second); // turned away at its turn: not sent
    }
}
