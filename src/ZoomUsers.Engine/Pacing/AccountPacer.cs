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
        /// <summary>Before any attempt has been timed, assume a slow link: more rows in flight, not fewer.</summary>
        private static readonly TimeSpan AssumedSlotTime = TimeSpan.FromMilliseconds(500);
        /// <summary>
        /// Little's law says rate x time a request holds its slot rows are in flight; half as many more,
        /// plus four, keeps a request waiting at the gate whenever one is due, so jitter in answers and
        /// a busy pipeline thread never idle the pace. The benchmark's defaults table measures the margin:
        /// every clean row of it runs on these two numbers.
        /// </summary>
        private const double InFlightMargin = 1.5;
        private const int InFlightSpare = 4;

        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private readonly Func<double> _random;
        private readonly RequestGate _requests;
        private readonly RateController _controller;
        private double _appliedRate;
        private RequestCap? _appliedCap;
        private readonly SlotTime _slotTime = new SlotTime();
        private long _dailyResetTicks;
        private ProxyAuthenticationException? _proxyRefusal;
        private int _consecutive429;

        /// <param name="requestsPerSecond">-RequestsPerSecond: a ceiling; null to find the account's limit.</param>
        /// <param name="time">The one clock of the gate, the controller and the daily limit: <see cref="TimeProvider.System"/> outside tests.</param>
        /// <param name="random">The connection's random source (numbers in [0, 1)), for the jitter of a 429 pause without Retry-After; left out, every pause takes the middle of its range (no jitter).</param>
        public AccountPacer(double? requestsPerSecond, TimeProvider time, Func<double>? random = null)
        {
            _random = random ?? (() => 0.5);
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

        /// <summary>
        /// Rows worth having in flight to hold the rate: Little's law over what really holds a row's slot
        /// (<see cref="SlotTime"/>: each attempt's exchange, timeouts and drops included, and the retry
        /// backoff before it), with margin. -ThrottleLimit caps it (BulkRunner).
        /// <para>
        /// The AWS SDKs' adaptive mode paces sends and leaves concurrency to the caller; TCP sizes its
        /// window in bytes in flight, which a stalled segment keeps occupied. A row is our unit in flight,
        /// so the window follows the rate times the time a row is away from the gate: a row stalled until
        /// -TimeoutSec or sitting out a 5xx backoff still occupies its slot, and without counting that
        /// time a bad day's slots fill with rows that are only waiting while the account sits idle. Rows
        /// waiting for their turn are not counted: they are what the margin keeps queued.
        /// </para>
        /// </summary>
        public int SuggestedConcurrency
        {
            get
            {
                lock (_gate)
                    return RowsInFlight(_controller.Rate, SlotSeconds);
            }
        }

        /// <summary>Little's law with this pacer's margin: rows in flight to hold <paramref name="rate"/> when a row holds its slot <paramref name="slotSeconds"/>.</summary>
        public static int RowsInFlight(double rate, double slotSeconds) =>
            (int)Math.Min(int.MaxValue / 2, Math.Ceiling(rate * slotSeconds * InFlightMargin) + InFlightSpare);

        /// <summary>
        /// What -Verbose says when -ThrottleLimit, not the rate, bounds the rows in flight: null while it
        /// does not, or before any attempt has been timed.
        /// </summary>
        public string? ConcurrencyLimitNote(int throttleLimit)
        {
            double rate, slot;
            lock (_gate)
            {
                if (!(_slotTime.MeanSeconds is double measured)) return null;
                rate = _controller.Rate;
                slot = measured;
            }
            var wanted = SuggestedConcurrency;
            if (wanted <= throttleLimit) return null;
            return string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Rows in flight are capped at -ThrottleLimit {0}, below the {1} that {2:0.#} requests a second need when a request holds its row " +
                "{3:0} ms (its exchange, timeouts and retry backoff included): concurrency, not the account's rate, limits this run.",
                throttleLimit, wanted, rate, slot * 1000);
        }

        /// <summary>Mean seconds a request holds its row's slot (<see cref="SlotTime"/>); assumed 0.5 s before any is timed.</summary>
        public double SlotSeconds
        {
            get { lock (_gate) return _slotTime.MeanSeconds ?? AssumedSlotTime.TotalSeconds; }
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
        /// The proxy refused this connection's credentials (a 407 its handler could not answer): every
        /// later request would meet the same refusal, so none is sent. For the connection's life, as
        /// its credentials are: Connect-Zoom with others makes a new connection.
        /// </summary>
        public ProxyAuthenticationException? ProxyRefusal => Volatile.Read(ref _proxyRefusal);

        /// <summary>Stops every later request of this connection; true for the first refusal only (to say so once).</summary>
        public bool ProxyRefused(ProxyAuthenticationException refusal) =>
            Interlocked.CompareExchange(ref _proxyRefusal, refusal, null) == null;

        /// <summary>
        /// Waits for a pause to end and for the request's turn: true when it may go, false when the
        /// daily quota is spent (<see cref="DailyLimitResetsAt"/> says until when) or the proxy has
        /// refused this connection (<see cref="ProxyRefusal"/>), before or while it waited.
        /// </summary>
        public Task<bool> WaitAsync(CancellationToken cancellationToken) =>
            Stopped() ? Task.FromResult(false) : _requests.WaitAsync(cancellationToken);

        /// <summary>The gate lets a request go: it is sent, unless the daily quota ran out or the proxy refused while it waited.</summary>
        private bool Granting()
        {
            if (Stopped()) return false;
            lock (_gate) _controller.Sent();
            return true;
        }

        /// <summary>
        /// How long an attempt held its row's slot once it had its turn: its exchange however it ended
        /// (answer, timeout, dropped connection), plus the retry backoff the row sat out before it.
        /// </summary>
        public void ReportSlotTime(TimeSpan held)
        {
            lock (_gate) _slotTime.Add(held);
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
            var jitter = 0.5 + _random();
            var seconds = Math.Min(30, 0.5 * Math.Pow(2, Math.Min(consecutive - 1, 6)));
            return TimeSpan.FromSeconds(seconds * jitter);
        }

        /// <summary>No request of this connection may go now: the daily quota, or the proxy's refusal.</summary>
        private bool Stopped() => ProxyRefusal != null || DailyLimitReached();

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
