using System;
using System.Collections.Generic;
using System.Globalization;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// Decides the connection's request rate from plain observations (clean answers with or without
    /// Zoom's rate headers, per-second 429s). No I/O and no clock of its own, so every rule is unit
    /// tested with a fake clock. Not thread-safe: <see cref="AccountPacer"/> calls it under its lock.
    /// <para>
    /// The shape is the AWS SDKs' adaptive mode (a client-side rate that CUBIC-like cuts and regrows on
    /// throttling, never more than twice the rate actually measured), changed for a limit that is a
    /// fixed plan number rather than a moving congestion point:
    /// </para>
    /// <list type="bullet">
    /// <item>Start at <see cref="StartRate"/>, half of a Pro account's 20/s, so another app on the
    /// account keeps room. Until the first refusal the rate doubles per second of clean answers
    /// (slow start; x1.5 past Pro's 20/s without headers, x4 once headers give the limit), never past
    /// that multiple of what was really sent, nor past the ceiling.</item>
    /// <item>Headers: the ceiling is <see cref="HeaderFraction"/> of X-RateLimit-Limit, and -RequestsPerSecond
    /// caps it further. X-RateLimit-Remaining below a tenth of the limit stops growth; at 0, while this
    /// session sends well under the limit, the account's other apps fill the rest, which is treated like
    /// a refusal that came early: a gentle cut (<see cref="ExhaustedCut"/>) before any request is refused.</item>
    /// <item>A per-second 429 (at most one cut per second: a window's refusals are one signal) teaches
    /// X-RateLimit-Limit if it carries it and records where refusals began: the rate really sent, but
    /// no more than the limit, nor than what Zoom was seen to let through (<see cref="AcceptedBound"/>).
    /// It cuts to <see cref="Beta"/> of that (multiplicative decrease is what lets uncoordinated senders
    /// converge on fair shares), regrows concavely over
    /// <see cref="RecoveryTime"/> to <see cref="HoldFraction"/> of it (to the ceiling when refusals began
    /// at the advertised limit itself) and holds there for <see cref="HoldTime"/>: just below where
    /// refusals began, so a bulk run does not keep refusing the account's other apps. Only then does it probe upward, slowly (<see cref="ProbeSlope"/>), to
    /// take back capacity other senders may have released.</item>
    /// </list>
    /// </summary>
    internal sealed class RateController
    {
        /// <summary>Safe on any paid plan with room to spare: half of Pro's 20/s (Business and up allow 60/s).</summary>
        public const double StartRate = 10;
        /// <summary>Never slower than one request every two seconds (the AWS SDKs' floor).</summary>
        public const double MinimumRate = 0.5;
        /// <summary>No plan goes higher; also the top of -RequestsPerSecond.</summary>
        public const double MaximumRate = 1000;
        /// <summary>A 429 cuts to this share of where refusals began (CUBIC's and the AWS SDKs' beta).</summary>
        public const double Beta = 0.7;
        /// <summary>After a 429, the rate settles at this share of where refusals began.</summary>
        public const double HoldFraction = 0.97;
        /// <summary>With X-RateLimit-Limit known, the rate stays this far under it: timers and transit jitter bunch requests.</summary>
        public const double HeaderFraction = 0.98;
        /// <summary>X-RateLimit-Remaining at 0 cuts this gently: nothing was refused yet.</summary>
        public const double ExhaustedCut = 0.9;
        /// <summary>X-RateLimit-Remaining at 0 while this session alone sent this share of the limit is its own doing, not other apps'.</summary>
        public const double OwnShareFraction = 0.9;
        /// <summary>Below this share of the limit left, clean answers no longer raise the rate.</summary>
        public const double LowRemainingFraction = 0.1;
        /// <summary>
        /// Probing, after the hold: the rate climbs by this many requests a second, per second. Additive,
        /// the same for every sender whatever its share, which (with multiplicative cuts) is what moves
        /// uncoordinated senders toward equal shares.
        /// </summary>
        public const double ProbeSlope = 0.1;
        /// <summary>The window -RequestsPerSecond's cap counts in: 30 ms over a second for transit jitter.</summary>
        public static readonly TimeSpan PromiseWindow = TimeSpan.FromMilliseconds(1030);
        /// <summary>The window X-RateLimit-Limit's cap counts in: the limit in this window is <see cref="HeaderFraction"/> of it a second.</summary>
        public static readonly TimeSpan LimitWindow = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / HeaderFraction));
        public static readonly TimeSpan RecoveryTime = TimeSpan.FromSeconds(3);
        public static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(30);
        /// <summary>Zoom counts per second: refusals within one second of a cut are the same signal.</summary>
        public static readonly TimeSpan CutSpacing = TimeSpan.FromSeconds(1);
        /// <summary>
        /// The shortest refusal-to-refusal span <see cref="SinceRefusalBound"/> trusts: the second of allowance
        /// it allows for is a guess (a token bucket saves that much; a server counting calendar seconds
        /// less), and over a short span the guess outweighs the count.
        /// </summary>
        public static readonly TimeSpan SinceRefusalSpan = TimeSpan.FromSeconds(3);
        /// <summary>What a per-second limit lets a server save up: one second's allowance (a full bucket, a fresh window).</summary>
        private static readonly TimeSpan SavedUp = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan MeterWindow = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan AcceptedHistory = TimeSpan.FromSeconds(2);
        private const double ReportStep = 1.25;
        /// <summary>Slow start without headers: the rate doubles per second of clean answers (TCP's slow start, per second).</summary>
        public const double SlowStartGrowth = 2;
        /// <summary>Slow start without headers past <see cref="PlausibleLimit"/>.</summary>
        public const double GentleGrowth = 1.5;
        /// <summary>Pro's limit, the lowest of the paid plans': slow start turns gentler once past it.</summary>
        public const double PlausibleLimit = 20;
        /// <summary>
        /// With X-RateLimit-Limit known the ceiling is safe, so the climb to it is quicker; not a jump,
        /// so that X-RateLimit-Remaining can still show the account's other apps before the ceiling is reached.
        /// </summary>
        public const double KnownLimitGrowth = 4;

        private readonly Func<TimeSpan> _clock;
        private readonly double? _userCeiling;
        private readonly Queue<TimeSpan> _sent = new Queue<TimeSpan>();
        private readonly Queue<TimeSpan> _accepted = new Queue<TimeSpan>();
        private double _rate;
        private double? _advertised;
        private bool _cut;
        private double _refusedAt;
        private double _cutTo;
        private TimeSpan _lastCut;
        private TimeSpan? _lastGrowth;
        private double _reportedRate;
        private bool _probingReported;
        private TimeSpan? _lastRefusal;
        private int _acceptedSinceRefusal;
        private bool _resumed;
        private TimeSpan? _resumedAt;
        /// <summary>Since when this session has been sending without a pause: the first answer, or the first after the last pause.</summary>
        private TimeSpan? _countFrom;

        /// <param name="ceiling">-RequestsPerSecond, or null for adaptive.</param>
        /// <param name="time">The pacer's clock (monotonic time is all it reads).</param>
        public RateController(double? ceiling, TimeProvider time)
        {
            if (ceiling.HasValue && !(ceiling.Value > 0)) throw new ArgumentOutOfRangeException(nameof(ceiling));
            if (time == null) throw new ArgumentNullException(nameof(time));
            var origin = time.GetTimestamp();
            _clock = () => time.GetElapsedTime(origin);
            _userCeiling = ceiling.HasValue ? Math.Min(ceiling.Value, MaximumRate) : (double?)null;
            // Told a ceiling, the admin has said what the account can take: start there.
            _rate = _reportedRate = _userCeiling ?? StartRate;
        }

        public RateMode Mode => _userCeiling.HasValue ? RateMode.Fixed : RateMode.Adaptive;

        /// <summary>The rate held now, requests per second.</summary>
        public double Rate => _rate;

        /// <summary>X-RateLimit-Limit of the per-second limit, once Zoom has sent one.</summary>
        public double? AdvertisedLimit => _advertised;

        /// <summary>What the rate may never pass: -RequestsPerSecond, and just under the advertised limit.</summary>
        public double Ceiling => Math.Min(_userCeiling ?? MaximumRate, _advertised.HasValue ? _advertised.Value * HeaderFraction : MaximumRate);

        /// <summary>
        /// The most requests a window of a little over a second may hold, when a hard number is known:
        /// -RequestsPerSecond or X-RateLimit-Limit (whichever is lower; at least 1). Null when only probing
        /// says what the limit is.
        /// <para>
        /// -RequestsPerSecond is a promise to the admin, counted at Zoom: its window leaves
        /// <see cref="PromiseWindow"/> for transit jitter. Zoom's own limit is a target whose rare miss costs
        /// one 429 and a retry: its window is the ceiling's own margin (<see cref="HeaderFraction"/> of the
        /// limit a second is the limit in <see cref="LimitWindow"/>), so the cap only stops the bursts a
        /// late wake-up would catch up with, and the rate holds at the ceiling (less what late timer
        /// wake-ups add to the window: a fraction of a millisecond a window on Linux).
        /// </para>
        /// </summary>
        public RequestCap? WindowCap
        {
            get
            {
                var user = _userCeiling ?? double.MaxValue;
                var limit = _advertised ?? double.MaxValue;
                if (user == double.MaxValue && limit == double.MaxValue) return null;
                var count = Math.Max(1, (int)Math.Floor(Math.Min(user, limit) + 1e-9));
                // The promise's count, whenever the admin's number gives it (20.5 against a limit of 20 too).
                var promised = Math.Floor(user + 1e-9) <= Math.Floor(limit + 1e-9);
                return new RequestCap(count, promised ? PromiseWindow : LimitWindow);
            }
        }

        /// <summary>Requests sent in the last second: the rate really achieved, whatever the target.</summary>
        public double MeasuredRate
        {
            get
            {
                Trim(_clock());
                return _sent.Count / MeterWindow.TotalSeconds;
            }
        }

        /// <summary>A request left (it took a permit).</summary>
        public void Sent()
        {
            var now = _clock();
            _sent.Enqueue(now);
            Trim(now);
            if (_lastRefusal.HasValue && !_resumed) _resumed = true;
        }

        /// <summary>
        /// An answer that was not a 429, with the per-second limit's headers if Zoom sent them
        /// (<paramref name="advertisedLimit"/> = X-RateLimit-Limit of type QPS, <paramref name="remaining"/> = X-RateLimit-Remaining).
        /// </summary>
        public RateChange? Clean(double? advertisedLimit, long? remaining)
        {
            var now = _clock();
            _accepted.Enqueue(now);
            _countFrom ??= now;
            if (_resumed && !_resumedAt.HasValue)
            {
                _resumedAt = now; // the first answer to a request sent after the pause: when the count starts
                _countFrom = now;
                _acceptedSinceRefusal = 0;
            }
            _acceptedSinceRefusal++;
            while (_accepted.Count > 0 && now - _accepted.Peek() >= AcceptedHistory) _accepted.Dequeue();
            var before = _rate;
            var learned = Learn(advertisedLimit);
            if (_rate > Ceiling) _rate = Ceiling;

            if (remaining is long left && _advertised is double advertised)
            {
                if (left <= 0 && OthersFilledTheAccount(advertised))
                    return Cut(now, ExhaustedCut, "X-RateLimit-Remaining reached 0: the account's allowance for this second is used up, partly by the account's other apps")
                           ?? Report(before, learned);
                if (left < advertised * LowRemainingFraction)
                    return Report(before, learned); // nearly full: hold, do not push the account's other apps out
            }

            Grow(now);
            if (learned != null) return Report(before, learned);
            return ReportGrowth(before, now);
        }

        /// <summary>
        /// Whether X-RateLimit-Remaining at 0 calls for a cut: not when this session alone sent about the
        /// limit in the last second. A server counting in calendar seconds shows 0 whenever a second
        /// holds the limit's worth, which a rate at <see cref="HeaderFraction"/> of it often does; the
        /// pacer's short pause after a 0 and the window cap keep that from becoming a refusal.
        /// </summary>
        private bool OthersFilledTheAccount(double advertised) => MeasuredRate < OwnShareFraction * advertised;

        /// <summary>
        /// A per-second 429 (not the daily limit, which no rate can help), with X-RateLimit-Limit if the
        /// refusal carried it: Zoom may send the rate headers on its 429s and not on its successes, and
        /// then the first refusal tells the limit that probing would take many more to find.
        /// </summary>
        public RateChange? Throttled(double? advertisedLimit)
        {
            var now = _clock();
            var before = _rate;
            // Learned before the cut, so that the cut is bounded by the limit; the rate is not brought
            // under the new ceiling first, since the cut is judged by the rate that was really sent. The
            // cut clips it; the line after it covers a refusal within a second of a cut, which cuts nothing.
            var learned = Learn(advertisedLimit);
            var why = learned == null ? "Zoom answered 429 (per-second limit)" : $"Zoom answered 429 (per-second limit; {learned})";
            var change = Cut(now, Beta, why, Math.Min(SinceRefusalBound(now), _advertised ?? double.MaxValue));
            if (_rate > Ceiling) _rate = Ceiling;
            change ??= Report(before, learned);
            _lastRefusal = now;
            _resumed = false;
            _resumedAt = null;
            _acceptedSinceRefusal = 0;
            return change;
        }

        /// <summary>Takes in X-RateLimit-Limit (a new ceiling; the caller brings the rate under it) and says what it means when it is new.</summary>
        private string? Learn(double? advertisedLimit)
        {
            if (!(advertisedLimit is double limit) || !(limit > 0) || limit == _advertised) return null;
            _advertised = limit;
            return $"Zoom advertises a limit of {Format(limit)} requests a second (X-RateLimit-Limit); the rate stays at or under {Format(Ceiling)}/s";
        }

        /// <summary>
        /// A refusal means the account's allowance was empty, so between two refusals Zoom let through
        /// about its limit times the time between them, the saved-up allowance already spent: a far
        /// tighter bound than any one or two seconds give. Used only when the refusal came before the
        /// hold ended, i.e. the rate held was above the limit (a hold below it lets the server's bucket
        /// fill and waste, which would make this bound too low), and at least <see cref="SinceRefusalSpan"/>
        /// after the sending resumed.
        /// </summary>
        private double SinceRefusalBound(TimeSpan now)
        {
            if (!_cut || !_resumedAt.HasValue || now - _lastCut >= HoldTime) return double.MaxValue;
            var span = (now - _resumedAt.Value).TotalSeconds;
            if (span < SinceRefusalSpan.TotalSeconds) return double.MaxValue;
            return (_acceptedSinceRefusal + 1.0) / (span + SavedUp.TotalSeconds);
        }

        private RateChange? Cut(TimeSpan now, double factor, string why, double bound = double.MaxValue)
        {
            if (_cut && now - _lastCut < CutSpacing) return null;
            var before = _rate;
            var measured = MeasuredRate;
            // The rate really sent, not the target: a run held back by -ThrottleLimit or a slow
            // pipeline never sent at its target, and the refusal says nothing about that target.
            var at = measured > 0 ? Math.Min(_rate, measured) : _rate;
            at = Math.Min(at, Math.Min(AcceptedBound(now), bound));
            _refusedAt = Math.Max(MinimumRate, at);
            _cutTo = Math.Max(MinimumRate, factor * _refusedAt);
            _rate = Math.Min(_cutTo, Ceiling);
            _cut = true;
            _lastCut = now;
            _lastGrowth = now;
            _probingReported = false;
            _reportedRate = _rate;
            return new RateChange(before, _rate,
                $"{why} at about {Format(at)}/s; slowing to {Format(_rate)}/s, then back to {Format(Hold)}/s and holding there");
        }

        /// <summary>
        /// An upper bound on what the account let through: a refusal now means Zoom's allowance was empty
        /// now, so over any recent span it accepted at most its limit times the span (plus one, plus
        /// whatever it had saved up, which only loosens the bound). Counted over 1 and 2 seconds, the
        /// tightest is kept, over spans this session spent sending: one reaching back before its first
        /// answer or into the pause after a refusal would count idle time as the server's. This is what
        /// keeps a slow start that overshot into a server's saved-up allowance from taking its inflated
        /// send rate for the limit.
        /// </summary>
        private double AcceptedBound(TimeSpan now)
        {
            var best = double.MaxValue;
            for (var seconds = 1; seconds <= (int)AcceptedHistory.TotalSeconds; seconds++)
            {
                var since = now - TimeSpan.FromSeconds(seconds);
                // A span reaching back before the first answer, or into the pause after a refusal, counts
                // time this session was not sending.
                if (!_countFrom.HasValue || _countFrom.Value > since) break;
                var count = 0;
                foreach (var at in _accepted)
                    if (at > since) count++;
                best = Math.Min(best, (count + 1.0) / seconds);
            }
            return best;
        }

        /// <summary>
        /// Where the rate settles after a cut: <see cref="HoldFraction"/> of where refusals began, since that
        /// point is only an estimate; when they began at the advertised limit, the limit is known and the
        /// ceiling already keeps the margin it needs.
        /// </summary>
        private double Hold => _advertised is double limit && _refusedAt >= limit ? Ceiling : Math.Min(Ceiling, HoldFraction * _refusedAt);

        private void Grow(TimeSpan now)
        {
            var dt = _lastGrowth.HasValue ? (now - _lastGrowth.Value).TotalSeconds : 0;
            _lastGrowth = now;
            dt = Math.Max(0, Math.Min(dt, 1)); // an idle spell is not a second of clean answers

            double target;
            var growth = _advertised.HasValue ? KnownLimitGrowth : SlowStartGrowth;
            if (!_cut)
            {
                // Past Pro's 20/s the rate may be near a plan's limit: grow more gently there, so that
                // the second of allowance a server saves up hides less overshoot before the first 429.
                var g = !_advertised.HasValue && _rate >= PlausibleLimit ? GentleGrowth : growth;
                target = _rate * Math.Pow(g, dt);
            }
            else
            {
                var t = (now - _lastCut).TotalSeconds;
                var hold = Hold;
                if (t < RecoveryTime.TotalSeconds)
                {
                    var left = 1 - t / RecoveryTime.TotalSeconds;
                    target = hold - (hold - _cutTo) * left * left * left;
                }
                else if (t < HoldTime.TotalSeconds)
                {
                    target = hold;
                }
                else
                {
                    target = hold + ProbeSlope * (t - HoldTime.TotalSeconds);
                }
            }

            // As the AWS SDKs do: never more than a multiple of what was really sent, so a run held back by
            // something else (input, -ThrottleLimit) does not build up a rate it never tried.
            target = Math.Min(target, Math.Max(growth * MeasuredRate, StartRate));
            target = Math.Min(target, Ceiling);
            if (target > _rate) _rate = target;
        }

        private RateChange? ReportGrowth(double before, TimeSpan now)
        {
            if (_rate <= before) return null;
            before = _reportedRate; // say how far it moved since the admin last heard
            if (_cut && !_probingReported && now - _lastCut >= HoldTime)
            {
                _probingReported = true;
                return Report(before, $"no refusal for {HoldTime.TotalSeconds:0} s: probing slowly above {Format(Hold)}/s");
            }
            var atCeiling = _rate >= Ceiling - 1e-9;
            if ((atCeiling && _reportedRate < Ceiling - 1e-9) || _rate >= _reportedRate * ReportStep)
                return Report(before, atCeiling
                    ? $"answers came back clean; reached the ceiling of {Format(Ceiling)}/s"
                    : "answers came back clean, so the rate rises");
            return null;
        }

        private RateChange? Report(double before, string? why)
        {
            if (why == null) return null;
            _reportedRate = _rate;
            return new RateChange(before, _rate, why);
        }

        private void Trim(TimeSpan now)
        {
            while (_sent.Count > 0 && now - _sent.Peek() >= MeterWindow) _sent.Dequeue();
        }

        private static string Format(double rate) => rate.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
