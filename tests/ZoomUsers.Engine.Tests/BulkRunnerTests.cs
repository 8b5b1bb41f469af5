using ZoomUsers.Bulk;

namespace ZoomUsers.Engine.Tests;

public sealed class BulkRunnerTests
{
    [Fact]
    public void Every_submitted_row_is_delivered_once_on_the_consumer_thread()
    {
        using var runner = new BulkRunner<int>(4, CancellationToken.None);
        var consumer = Environment.CurrentManagedThreadId;
        var delivered = new List<int>();
        void Deliver(int i)
        {
            Assert.Equal(consumer, Environment.CurrentManagedThreadId);
            delivered.Add(i);
        }

        for (var i = 0; i < 200; i++)
        {
            var row = i;
            runner.Submit(null, async _ => { await Task.Yield(); return row; }, _ => -1, Deliver);
        }
        runner.Complete(Deliver);

        Assert.Equal(Enumerable.Range(0, 200), delivered.OrderBy(x => x));
    }

    [Fact]
    public void No_more_than_the_throttle_limit_run_at_once()
    {
        using var runner = new BulkRunner<int>(3, CancellationToken.None);
        var running = 0;
        var peak = 0;
        for (var i = 0; i < 30; i++)
        {
            runner.Submit(null, async _ =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, CancellationToken.None);
                Interlocked.Decrement(ref running);
                return 0;
            }, _ => -1, _ => { });
        }
        runner.Complete(_ => { });

        Assert.InRange(peak, 2, 3); // concurrent, never above the limit
    }

    [Fact]
    public void Rows_started_and_not_yet_delivered_never_exceed_the_limit()
    {
        // Rows that finish at once and a consumer that never drains on its own: only Submit's own
        // deliveries make room, so nothing finished can pile up behind the limit.
        using var runner = new BulkRunner<int>(4, CancellationToken.None);
        var delivered = 0;
        var peak = 0;
        for (var i = 0; i < 100; i++)
        {
            runner.Submit(null, _ => Task.FromResult(0), _ => -1, _ => delivered++);
            peak = Math.Max(peak, runner.Pending);
        }
        runner.Complete(_ => delivered++);

        Assert.Equal(4, peak);
        Assert.Equal(100, delivered);
    }

    [Fact]
    public void A_faulted_row_still_delivers_its_message()
    {
        using var runner = new BulkRunner<string>(2, CancellationToken.None);
        var delivered = new List<string>();
        runner.Submit(null, _ => throw new InvalidOperationException("boom"), ex => "fault:" + ex.Message, delivered.Add);
        runner.Submit(null, _ => Task.FromResult("ok"), ex => "fault", delivered.Add);
        runner.Complete(delivered.Add);

        Assert.Equal(new[] { "fault:boom", "ok" }, delivered.OrderBy(x => x));
    }

    [Fact]
    public void Cancellation_unblocks_a_waiting_consumer()
    {
        using var cts = new CancellationTokenSource();
        using var runner = new BulkRunner<int>(1, cts.Token);
        runner.Submit(null, ct => Task.Delay(Timeout.Infinite, CancellationToken.None).ContinueWith(_ => 0), _ => -1, _ => { });
        cts.CancelAfter(50);

        Assert.ThrowsAny<OperationCanceledException>(() => runner.Complete(_ => { }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
