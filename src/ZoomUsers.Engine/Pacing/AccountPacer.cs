using System;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Http;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// One per connection, shared by every cmdlet call and every worker of the session: Zoom's
    /// limits are per account, so pacing must be too. <see cref="RateController"/> decides the rate
    /// from what Zoom answers, <see cref="RequestGate"/> spaces requests to it, and a 429 pauses every
    /// worker at once (not just the one refused).
    /// </summary>
    internal sealed class AccountPacer : IDisposable
    {
        /// <summary>Before any answer has been timed, assume a slow link: more rows in flight, not fewer.</summary>
        private static readonly TimeSpan AssumedRoundTrip = TimeSpan.FromMilliseconds(500);
        /// <summary>
        /// Little's law says rate x round trip requests are in flight; half as many more, plus four, keeps
        /// a request waiting at the gate whenever one is due, so jitter in answers and a busy pipeline
        /// thread never idle the pace.
        /// </summary>
        private const double InFlightMargin = 1.5;
        private const int InFlightSpare = 4;

        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private readonly Random _jitter = new Random();
        private readonly RequestGate _requests;
        private readonly RateController _controller;
        private double _appliedRate;
        private RequestCap? _appliedCap;
        private double _roundTripSeconds = AssumedRoundTrip.TotalSeconds;
        private bool _roundTripMeasured;
        private long _dailyResetTicks;
        private int _consecutive429;

        /// <param name="requestsPerSecond">-RequestsPerSecond: a ceiling; null to find the account's limit.</param>
        /// <param name="time">The one clock of the gate, the controller and the daily limit: <see cref="TimeProvider.System"/> outside tests.</param>
        public AccountPacer(double? requestsPerSecond, TimeProvider time)
        {
            if (requestsPerSecond.HasValue && !(requestsPerSecond.Value > 0)) throw new ArgumentOutOfRangeException(nameof(requestsPerSecond));
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _requests = new RequestGate(RateController.StartRate, time, Granting);
            _controller = new RateController(requestsPerSecond, time);
            Apply();
        }

        /// <summary>The pacer's clock, which round trips are timed on too.</summary>
        public TimeProvider Time => _time;

        /// <summary>The rate in force now (requests per second).</summary>
        public double CurrentRate { get { lock (_gate) return _controller.Rate; } }

        public RateMode Mode => _controller.Mode;

        /// <summary>What the rate may not pass now: -RequestsPerSecond, just under Zoom's advertised limit, or the top of the range.</summary>
        public double Ceiling { get { lock (_gate) return _controller.Ceiling; } }

        /// <summary>X-RateLimit-Limit, once Zoom has sent it.</summary>
        public double? AdvertisedLimit { get { lock (_gate) return _controller.AdvertisedLimit; } }

        /// <summary>Rows worth having in flight to hold the rate at the round trip measured (Little's law, with margin).</summary>
        public int SuggestedConcurrency
        {
            get
            {
                lock (_gate)
                    return (int)Math.Min(int.MaxValue / 2, Math.Ceiling(_controller.Rate * _roundTripSeconds * InFlightMargin) + InFlightSpare);
            }
        }

        public DateTimeOffset? DailyLimitResetsAt
        {
            get
            {
                var ticks = Interlocked.Read(ref _dailyResetTicks);
                return ticks == 0 ? (DateTimeOffset?)null : new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        /// <summary>
        /// Waits for a pause to end and for the request's turn: true when it may go, false when the
        /// daily quota is spent (<see cref="DailyLimitResetsAt"/> says until when), before or while it waited.
        /// </summary>
        public Task<bool> WaitAsync(CancellationToken cancellationToken) =>
            DailyLimitReached() ? Task.FromResult(false) : _requests.WaitAsync(cancellationToken);

        /// <summary>The gate lets a request go: it is sent, unless the daily quota ran out while it waited.</summary>
        private bool Granting()
        {
            if (DailyLimitReached()) return false;
            lock (_gate) _controller.Sent();
            return true;
        }

        /// <summary>How long an answer took once its request had its turn: what concurrency must cover.</summary>
        public void ReportRoundTrip(TimeSpan elapsed)
        {
            lock (_gate)
            {
                var seconds = Math.Max(0.001, elapsed.TotalSeconds);
                _roundTripSeconds = _roundTripMeasured ? 0.8 * _roundTripSeconds + 0.2 * seconds : seconds;
                _roundTripMeasured = true;
            }
        }

        /// <summary>
        /// Learns from every answer: 429s pause and slow everyone, rate headers cap the rate, clean
        /// answers raise it. Returns what changed and why (for -Verbose), or null.
        /// </summary>
        public RateChange? Observe(ZoomAnswer answer)
        {
            var now = _time.GetUtcNow();
            if (answer.Kind == AnswerKind.DailyLimit)
            {
                Interlocked.Exchange(ref _dailyResetTicks, (answer.DailyResetAt ?? ZoomAnswer.NextUtcMidnight(now)).UtcTicks);
                return null;
            }
            if (answer.Kind == AnswerKind.RateLimited)
            {
                var consecutive = Interlocked.Increment(ref _consecutive429);
                var until = answer.RetryAt ?? now + Backoff(consecutive);
                _requests.PauseFor(until - now);
                lock (_gate)
                {
                    var cut = _controller.Throttled(answer.PerSecondLimit);
                    Apply();
                    return cut;
                }
            }

            Interlocked.Exchange(ref _consecutive429, 0);
            var advertised = answer.PerSecondLimit;
            RateChange? change;
            lock (_gate)
            {
                change = _controller.Clean(advertised, advertised.HasValue ? answer.Remaining : null);
                Apply();
            }

            // The account's allowance is used up (by us or by its other apps): the next request now
            // would be refused. Waiting one request's worth of time costs nothing when Zoom counts per
            // one-second window, and lets a continuously refilled bucket recover.
            if (answer.Remaining == 0 && advertised.HasValue)
                _requests.PauseFor(TimeSpan.FromSeconds(1 / advertised.Value));
            return change;
        }

        // Caller holds _gate.
        private void Apply()
        {
            var rate = _controller.Rate;
            if (Math.Abs(rate - _appliedRate) > rate * 0.001)
            {
                _appliedRate = rate;
                _requests.SetRate(rate);
            }
            var cap = _controller.WindowCap;
            if (cap != _appliedCap)
            {
                _appliedCap = cap;
                _requests.SetWindowCap(cap);
            }
        }

        private TimeSpan Backoff(int consecutive)
        {
            double jitter;
            lock (_jitter) jitter = 0.5 + _jitter.NextDouble();
            var seconds = Math.Min(30, 0.5 * Math.Pow(2, Math.Min(consecutive - 1, 6)));
            return TimeSpan.FromSeconds(seconds * jitter);
        }

        private bool DailyLimitReached()
        {
            var resetAt = DailyLimitResetsAt;
            if (!resetAt.HasValue) return false;
            if (_time.GetUtcNow() < resetAt.Value) return true;
            Interlocked.Exchange(ref _dailyResetTicks, 0);
            return false;
        }

        public void Dispose() => _requests.Dispose();
    }
}
