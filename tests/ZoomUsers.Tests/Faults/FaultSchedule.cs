using ZoomUsers.Simulator;

namespace ZoomUsers.Tests.Faults;

/// <summary>
/// The faults that come in waves rather than per request: every token revoked at once, on a clock,
/// and bursts of per-second 429s (another app of the account spending the allowance for a moment),
/// after every so many API requests so that each run meets its share whatever its speed.
/// Runs in the background until disposed.
/// </summary>
internal sealed class FaultSchedule : IAsyncDisposable
{
    // A burst lasts until this many requests were refused (or half a second passed): long enough to
    // be met on a busy machine, short enough to stay a burst.
    private const int RefusalsPerBurst = 5;
    private static readonly TimeSpan MaxBurstLength = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _expiries;
    private readonly Task _bursts;
    private int _expiryCount;
    private int _burstCount;

    public FaultSchedule(ZoomSimulator sim, TimeSpan expireTokensEvery, int burstEveryRequests)
    {
        _expiries = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(expireTokensEvery);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                sim.ExpireAllTokens();
                Interlocked.Increment(ref _expiryCount);
            }
        });
        _bursts = Task.Run(async () =>
        {
            var next = burstEveryRequests;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (sim.ApiRequestCount < next) continue;
                next = sim.ApiRequestCount + burstEveryRequests;
                var refusedBefore = sim.Count429;
                var ends = DateTime.UtcNow + MaxBurstLength;
                sim.Options.Faults.RateLimitBurst = 1;
                try
                {
                    while (sim.Count429 < refusedBefore + RefusalsPerBurst && DateTime.UtcNow < ends)
                        await Task.Delay(2, _stop.Token);
                }
                finally
                {
                    sim.Options.Faults.RateLimitBurst = 0;
                }
                Interlocked.Increment(ref _burstCount);
            }
        });
    }

    public int Expiries => Volatile.Read(ref _expiryCount);
    public int Bursts => Volatile.Read(ref _burstCount);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_expiries, _bursts);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
