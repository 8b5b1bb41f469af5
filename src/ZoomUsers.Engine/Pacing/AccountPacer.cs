using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using ZoomUsers.Http;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// One per connection, shared by every cmdlet call and every worker of the session: Zoom's
    /// limits are per account, so pacing must be too. A token bucket spaces requests; a 429 pauses
    /// every worker at once (not just the one refused) and lowers the rate, which then climbs back
    /// slowly, so the module shares the account fairly with its other apps.
    /// </summary>
    internal sealed class AccountPacer : IDisposable
    {
        private static readonly TimeSpan RecoveryQuietTime = TimeSpan.FromSeconds(5);
        private const double MinimumRate = 0.5;

        private readonly object _gate = new object();
        private readonly Func<DateTimeOffset> _now;
        private readonly Random _jitter = new Random();
        private volatile RateLimiter _limiter;
        private double _ceiling;
        private double _rate;
        private long _pausedUntilTicks;
        private long _dailyResetTicks;
        private DateTimeOffset _last429 = DateTimeOffset.MinValue;
        private DateTimeOffset _lastAdjust = DateTimeOffset.MinValue;
        private int _consecutive429;
        private volatile bool _disposed;

        public AccountPacer(double requestsPerSecond, Func<DateTimeOffset>? now = null)
        {
            if (requestsPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(requestsPerSecond));
            _now = now ?? (() => DateTimeOffset.UtcNow);
            _ceiling = _rate = requestsPerSecond;
            _limiter = CreateLimiter(requestsPerSecond);
        }

        /// <summary>The rate in force now (requests per second).</summary>
        public double CurrentRate { get { lock (_gate) return _rate; } }

        public DateTimeOffset? DailyLimitResetsAt
        {
            get
            {
                var ticks = Interlocked.Read(ref _dailyResetTicks);
                return ticks == 0 ? (DateTimeOffset?)null : new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        /// <summary>Waits for a pause to end and for a permit, then returns; throws when the daily quota is spent.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                ThrowIfDailyLimitReached();
                var pause = PausedUntil - _now();
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var limiter = _limiter;
                RateLimitLease lease;
                try
                {
                    lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException) when (!_disposed)
                {
                    // The rate changed between reading the limiter and queueing on it: queue on the new one.
                    continue;
                }

                using (lease)
                {
                    // A permit granted while a 429 pause began is spent: going now would meet the same
                    // refusal, so wait the pause out and queue again like everyone else.
                    if (lease.IsAcquired && PausedUntil <= _now()) return;
                }
                if (_disposed) throw new ObjectDisposedException(nameof(AccountPacer));
            }
        }

        /// <summary>Learns from every answer: 429s pause and slow everyone, rate headers cap the rate.</summary>
        public void Observe(ZoomAnswer answer)
        {
            var now = _now();
            if (answer.Kind == AnswerKind.DailyLimit)
            {
                Interlocked.Exchange(ref _dailyResetTicks, (answer.DailyResetAt ?? ZoomAnswer.NextUtcMidnight(now)).UtcTicks);
                return;
            }
            if (answer.Kind == AnswerKind.RateLimited)
            {
                var consecutive = Interlocked.Increment(ref _consecutive429);
                var until = answer.RetryAt ?? now + Backoff(consecutive);
                PauseUntil(until);
                SlowDown(now);
                return;
            }

            Interlocked.Exchange(ref _consecutive429, 0);
            var advertised = answer.PerSecondLimit;
            lock (_gate)
            {
                if (advertised.HasValue && advertised.Value < _ceiling)
                {
                    _ceiling = advertised.Value;
                    if (_rate > _ceiling) SetRate(_ceiling, now);
                }
                else if (_rate < _ceiling && now - _last429 > RecoveryQuietTime && now - _lastAdjust > TimeSpan.FromSeconds(1))
                {
                    SetRate(Math.Min(_ceiling, _rate + _ceiling * 0.1), now);
                }
            }

            // The account's allowance is used up (by us or by its other apps): the next request now
            // would be refused. Waiting one request's worth of time costs nothing when Zoom counts per
            // one-second window, and lets a continuously refilled bucket recover.
            if (answer.Remaining == 0 && advertised.HasValue)
                PauseUntil(now + TimeSpan.FromSeconds(1 / advertised.Value));
        }

        private void PauseUntil(DateTimeOffset until)
        {
            var ticks = until.UtcTicks;
            long seen;
            while ((seen = Interlocked.Read(ref _pausedUntilTicks)) < ticks)
                if (Interlocked.CompareExchange(ref _pausedUntilTicks, ticks, seen) == seen) break;
        }

        private void SlowDown(DateTimeOffset now)
        {
            lock (_gate)
            {
                _last429 = now;
                // One cut per second: a burst of 429s from one window is one signal, not twenty.
                if (now - _lastAdjust < TimeSpan.FromSeconds(1)) return;
                SetRate(Math.Max(MinimumRate, _rate * 0.7), now);
            }
        }

        private void SetRate(double rate, DateTimeOffset now)
        {
            _lastAdjust = now;
            if (Math.Abs(rate - _rate) < 0.01) return;
            _rate = rate;
            var old = _limiter;
            _limiter = CreateLimiter(rate);
            old.Dispose();
        }

        private TimeSpan Backoff(int consecutive)
        {
            double jitter;
            lock (_jitter) jitter = 0.5 + _jitter.NextDouble();
            var seconds = Math.Min(30, 0.5 * Math.Pow(2, Math.Min(consecutive - 1, 6)));
            return TimeSpan.FromSeconds(seconds * jitter);
        }

        private void ThrowIfDailyLimitReached()
        {
            var resetAt = DailyLimitResetsAt;
            if (resetAt.HasValue)
            {
                if (_now() < resetAt.Value) throw new DailyRateLimitException(resetAt.Value);
                Interlocked.Exchange(ref _dailyResetTicks, 0);
            }
        }

        private DateTimeOffset PausedUntil => new DateTimeOffset(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero);

        /// <summary>
        /// Small, frequent refills rather than a one-second bucket: a whole second's burst at once
        /// would be refused by a strict per-second limiter on the server. The bucket holds a tenth of
        /// a second's permits (two at least) and its timer ticks every 50 ms or so; as the limiter
        /// refills by elapsed time, a tick that comes late (Windows' clock has 15.6 ms steps, a busy
        /// machine more) still yields every permit it owes, up to two periods' worth.
        /// </summary>
        private static RateLimiter CreateLimiter(double rate)
        {
            var perPeriod = Math.Max(1, (int)Math.Round(rate * 0.05, MidpointRounding.AwayFromZero));
            var period = TimeSpan.FromSeconds(perPeriod / rate);
            var capacity = Math.Max(2 * perPeriod, (int)Math.Ceiling(rate / 10));
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = capacity,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        public void Dispose()
        {
            _disposed = true;
            _limiter.Dispose();
        }
    }
}
