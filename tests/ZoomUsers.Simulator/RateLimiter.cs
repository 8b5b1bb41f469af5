using System.Diagnostics;
using System.Globalization;

namespace ZoomUsers.Simulator;

internal enum LimitVerdict { Accepted, PerSecond, Daily }

/// <param name="Type">X-RateLimit-Type for an accepted request's headers.</param>
/// <param name="Limit">X-RateLimit-Limit for an accepted request's headers.</param>
/// <param name="TookToken">The request took a bucket token (given back if a random 429 then rejects it).</param>
/// <param name="CountedDaily">The request counted toward the daily limit (idem).</param>
internal readonly record struct LimitResult(
    LimitVerdict Verdict,
    string? Type,
    string? Limit,
    long Remaining,
    bool TookToken,
    bool CountedDaily);

/// <summary>
/// The account's server-side limits: a per-second token bucket (capacity = limit, at least 1, refilled at
/// limit per second) and a daily counter that restarts at UTC midnight. Limits are per account, so one
/// limiter serves every token. A short lock (never held across an await) keeps bucket arithmetic exact.
/// </summary>
internal sealed class RateLimiter
{
    private readonly Lock _gate = new();
    private double _tokens;
    private double _bucketLimit = double.NaN;   // NaN: no bucket yet, the next configured one starts full
    private long _lastRefill;
    private long _dailyUsed;
    private long _day = -1;

    public static bool IsConfigured(double? perSecond, int? daily) => perSecond.HasValue || daily.HasValue;

    public LimitResult Acquire(double? perSecond, int? daily)
    {
        lock (_gate)
        {
            long today = DateTime.UtcNow.Ticks / TimeSpan.TicksPerDay;
            if (today != _day || daily is null)
            {
                // Only requests made while a daily limit is configured count toward it.
                _day = today;
                _dailyUsed = 0;
            }

            if (daily is int dayLimit && _dailyUsed >= dayLimit)
                return new(LimitVerdict.Daily, null, null, 0, false, false);

            bool tookToken = false;
            if (perSecond is double limit)
            {
                Refill(limit);
                if (limit <= 0 || _tokens < 1)
                    return new(LimitVerdict.PerSecond, null, null, 0, false, false);
                _tokens -= 1;
                tookToken = true;
            }
            else
            {
                _bucketLimit = double.NaN;
            }

            if (daily is int counted)
            {
                _dailyUsed++;
                return new(LimitVerdict.Accepted, "Daily-limit", Format(counted), Math.Max(counted - _dailyUsed, 0), tookToken, true);
            }
            return new(LimitVerdict.Accepted, "QPS", Format(perSecond!.Value), (long)Math.Floor(_tokens), tookToken, false);
        }
    }

    /// <summary>Gives back what an accepted request took, when a fault answers it 429 after all.</summary>
    public void Refund(in LimitResult taken)
    {
        lock (_gate)
        {
            if (taken.TookToken && !double.IsNaN(_bucketLimit))
                _tokens = Math.Min(_tokens + 1, Capacity(_bucketLimit));
            if (taken.CountedDaily && _dailyUsed > 0)
                _dailyUsed--;
        }
    }

    public static string Format(double limit) => limit.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Format(int limit) => limit.ToString(CultureInfo.InvariantCulture);

    // Caller holds _gate.
    private void Refill(double limit)
    {
        long now = Stopwatch.GetTimestamp();
        double capacity = Capacity(limit);
        if (double.IsNaN(_bucketLimit))
        {
            _tokens = capacity;
        }
        else
        {
            double elapsed = (now - _lastRefill) / (double)Stopwatch.Frequency;
            _tokens = Math.Min(capacity, _tokens + elapsed * Math.Max(limit, 0));
        }
        _bucketLimit = limit;
        _lastRefill = now;
    }

    // A fractional limit such as 0.5/s still has to let one request through.
    private static double Capacity(double limit) => Math.Max(limit, 1);
}
