using ZoomUsers.Fitting;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// -Fit's decode threads: never more bytes at once than the budget, whatever the processor count; one
/// larger than the budget alone; never more threads than processors, the same few reused (not one per
/// picture, not the pool's); a cancelled wait never runs.
/// </summary>
public sealed class DecodeThreadsTests
{
    [Fact]
    public async Task Forty_items_run_at_most_two_at_once_on_at_most_two_threads_of_their_own()
    {
        var threads = new DecodeThreads(2, long.MaxValue, TimeSpan.FromSeconds(30));
        var running = 0;
        var most = 0;
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var pool = false;

        var work = Enumerable.Range(0, 40).Select(i => threads.Run(1, () =>
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
        var threads = new DecodeThreads(1, long.MaxValue, TimeSpan.FromSeconds(30));
        using var release = new ManualResetEventSlim();
        var first = threads.Run(1, () => release.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = threads.Run(1, () => ran = true, cancel.Token);

        cancel.Cancel();
        release.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(await first);
        await threads.Run(1, () => true, CancellationToken.None); // the queue moved past the cancelled one
        Assert.False(ran);
    }

    private const long MiB = 1024 * 1024;

    /// <summary>
    /// Runs decodes of the given sizes, each held until the test has seen <paramref name="waitFor"/> of them
    /// running at once (or all have been offered and nothing more can start): the most bytes and the most
    /// decodes that ever ran together. Without the budget every held decode a thread is free for would start.
    /// </summary>
    private static async Task<(long Bytes, int Decodes)> MostAtOnceAsync(int processors, long budget, IReadOnlyList<long> costs, int waitFor)
    {
        var threads = new DecodeThreads(processors, budget, TimeSpan.FromSeconds(30));
        long running = 0, mostBytes = 0;
        int decodes = 0, mostDecodes = 0, started = 0;
        using var release = new ManualResetEventSlim();
        var work = costs.Select(cost => threads.Run(cost, () =>
        {
            lock (costs)
            {
                running += cost;
                decodes++;
                started++;
                mostBytes = Math.Max(mostBytes, running);
                mostDecodes = Math.Max(mostDecodes, decodes);
            }
            release.Wait(TimeSpan.FromSeconds(30));
            lock (costs)
            {
                running -= cost;
                decodes--;
            }
            return cost;
        }, CancellationToken.None)).ToList();
        // Hold the first ones until as many have started as the budget lets in; then let all go.
        SpinWait.SpinUntil(() => Volatile.Read(ref started) >= waitFor, TimeSpan.FromSeconds(30));
        Assert.True(Volatile.Read(ref started) >= waitFor, $"only {started} decodes started; {waitFor} fit the budget");
        release.Set();
        Assert.Equal(costs, await Task.WhenAll(work));
        return (mostBytes, mostDecodes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public async Task Large_decodes_stay_within_the_budget_whatever_the_processor_count(int processors)
    {
        // Non-JPEG sources decode at full size: 64 MiB each, a 128 MiB budget; two at once on 2 cores and on 16.
        var (bytes, decodes) = await MostAtOnceAsync(processors, 128 * MiB, Enumerable.Repeat(64 * MiB, 10).ToList(), waitFor: 2);
        Assert.InRange(bytes, 64 * MiB, 128 * MiB);
        Assert.Equal(2, decodes);
    }

    [Fact]
    public async Task Small_decodes_run_on_every_processor_within_the_budget()
    {
        var (bytes, decodes) = await MostAtOnceAsync(4, 128 * MiB, Enumerable.Repeat(10 * MiB, 12).ToList(), waitFor: 4);
        Assert.True(bytes <= 128 * MiB);
        Assert.Equal(4, decodes); // the thread count still bounds CPU work
    }

    [Fact]
    public async Task A_decode_larger_than_the_budget_runs_alone()
    {
        var costs = new[] { 10 * MiB, DecodeCost.Largest, 10 * MiB, 10 * MiB };
        var threads = new DecodeThreads(16, 128 * MiB, TimeSpan.FromSeconds(30));
        var order = new List<long>();
        long running = 0;
        var together = new List<long>();
        using var largeStarted = new ManualResetEventSlim();
        var tasks = costs.Select((cost, i) => threads.Run(cost, () =>
        {
            lock (order)
            {
                order.Add(cost);
                running += cost;
                if (running != cost && (cost == DecodeCost.Largest || running > DecodeCost.Largest)) together.Add(running);
            }
            if (cost == DecodeCost.Largest) largeStarted.Set();
            // The first one holds on (a second at most) to give a large one that wrongly started beside it the chance to.
            if (i == 0) largeStarted.Wait(TimeSpan.FromSeconds(1));
            lock (order) running -= cost;
            return i;
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(tasks);

        Assert.Empty(together);
        // First come, first started: the large one is not overtaken by the small ones behind it.
        Assert.Equal(costs, order);
    }

    [Fact]
    public void A_decode_costs_its_source_its_bitmap_and_its_surface()
    {
        var settings = new FitSettings(null, false);
        var png = new FitPlan(new HeaderInfo("PNG", 8192, 8192, 1), FitSource.File("/x.png", 64 * MiB), new[] { "PNG" });
        Assert.Equal(DecodeCost.Largest, DecodeCost.Of(png, settings));
        Assert.InRange(DecodeCost.Largest, 320 * MiB, 330 * MiB);
        // A 4000 x 3000 camera JPEG decodes at 3/8 (1500 x 1125) for a 1024 x 768 result.
        var camera = new FitPlan(new HeaderInfo("JPEG", 4000, 3000, 1), FitSource.File("/x.jpg", 5 * MiB), new[] { "over 2 MB" });
        Assert.Equal(5 * MiB + (1500L * 1125 + 1024L * 768) * 4, DecodeCost.Of(camera, settings));
    }
}
