using ZoomUsers.Fitting;

namespace ZoomUsers.Engine.Tests;

/// <summary>-Fit's decode threads: never more at once than allowed, the same few threads reused (not one per picture, not the pool's), a cancelled wait never runs.</summary>
public sealed class DecodeThreadsTests
{
    [Fact]
    public async Task Forty_items_run_at_most_two_at_once_on_at_most_two_threads_of_their_own()
    {
        var threads = new DecodeThreads(2, TimeSpan.FromSeconds(30));
        var running = 0;
        var most = 0;
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var pool = false;

        var work = Enumerable.Range(0, 40).Select(i => threads.Run(() =>
        {
            var now = Interlocked.Increment(ref running);
            lock (ids) most = Math.Max(most, now);
            ids[Environment.CurrentManagedThreadId] = true;
            pool |= Thread.CurrentThread.IsThreadPoolThread;
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None)).ToList();
        var results = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(0, 40), results);
        Assert.InRange(most, 1, 2);
        Assert.InRange(ids.Count, 1, 2); // a thread per item would be up to 40

        Assert.False(pool);
    }

    [Fact]
    public async Task Work_cancelled_while_it_waits_never_runs()
    {
        var threads = new DecodeThreads(1, TimeSpan.FromSeconds(30));
        using var release = new ManualResetEventSlim();
        var first = threads.Run(() => release.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = threads.Run(() => ran = true, cancel.Token);

        cancel.Cancel();
        release.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(await first);
        await threads.Run(() => true, CancellationToken.None); // the queue moved past the cancelled one
        Assert.False(ran);
    }
}
