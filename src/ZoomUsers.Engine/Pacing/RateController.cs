using System;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// Decides the connection's request rate from plain observations: clean answers with or without
    /// Zoom's rate headers (<see cref="Clean"/>), per-second 429s (<see cref="Throttled"/>). The glue
    /// between named parts on one clock, as botocore's <c>retries/adaptive.py</c> is between its
    /// <c>throttling.py</c>, <c>bucket.py</c> and rate clocker:
    /// <list type="bullet">
    /// <item><see cref="RateCeiling"/>: the hard numbers (-RequestsPerSecond, X-RateLimit-Limit) and the window cap they give.</item>
    /// <item><see cref="SendMeter"/>: what was really sent in the last second.</item>
    /// <item><see cref="AllowanceEstimate"/>: what the account was seen to let through, to judge where refusals began.</item>
    /// <item><see cref="RateLaw"/>: grow, cut, hold, probe, with its <see cref="RatePhase"/>.</item>
    /// <item><see cref="RateNarrator"/>: what -Verbose says.</item>
    /// </list>
    /// No I/O; not thread-safe: <see cref="AccountPacer"/> calls it under its lock.
    /// </summary>
    internal sealed class RateController
    {
        /// <summary>X-RateLimit-Remaining at 0 cuts this gently: nothing was refused yet.</summary>
        public const double ExhaustedCut = 0.9;

        /// <summary>X-RateLimit-Remaining at 0 while this session alone sent this share of the limit is its own doing, not other apps'.</summary>
        public const double OwnShareFraction = 0.9;

        /// <summary>Below this share of the limit left, clean answers no longer raise the rate.</summary>
        public const double LowRemainingFraction = 0.1;

        // The law's and the ceiling's figures, under the names the tests and docs know.
        public const double StartRate = RateLaw.StartRate;
        public const double MinimumRate = RateLaw.MinimumRate;
        public const double MaximumRate = RateCeiling.MaximumRate;
        public const double Beta = RateLaw.Beta;
        public const double HoldFraction = RateLaw.HoldFraction;
        public const double HeaderFraction = RateCeiling.HeaderFraction;
        public const double ProbeSlope = RateLaw.ProbeSlope;
        public static readonly TimeSpan RecoveryTime = RateLaw.RecoveryTime;
        public static readonly TimeSpan HoldTime = RateLaw.HoldTime;

        private readonly Func<TimeSpan> _clock;
        private readonly RateCeiling _ceiling;
        private readonly SendMeter _meter = new SendMeter();
        private readonly AllowanceEstimate _allowance = new AllowanceEstimate();
        private readonly RateLaw _law;
        private readonly RateNarrator _narrator;

        /// <param name="ceiling">-RequestsPerSecond, or null for adaptive.</param>
        /// <param name="time">The pacer's clock (monotonic time is all it reads).</param>
        public RateController(double? ceiling, TimeProvider time)
        {
            if (time == null) throw new ArgumentNullException(nameof(time));
            _ceiling = new RateCeiling(ceiling);
            var origin = time.GetTimestamp();
            _clock = () => time.GetElapsedTime(origin);
            // Told a ceiling, the admin has said what the account can take: the law starts there.
            _law = new RateLaw(_ceiling);
            _narrator = new RateNarrator(_law.Rate);
        }

        public RateMode Mode => _ceiling.User.HasValue ? RateMode.Fixed : RateMode.Adaptive;

        /// <summary>The rate held now, requests per second.</summary>
        public double Rate => _law.Rate;

        /// <summary>Where the rate law is now.</summary>
        public RatePhase Phase => _law.PhaseAt(_clock());

        /// <summary>X-RateLimit-Limit of the per-second limit, once Zoom has sent one.</summary>
        public double? AdvertisedLimit => _ceiling.Advertised;

        /// <summary>What the rate may never pass: -RequestsPerSecond, and just under the advertised limit.</summary>
        public double Ceiling => _ceiling.Value;

        /// <summary>The gate's hard cap per window, when a hard number is known (<see cref="RequestCap.For"/>).</summary>
        public RequestCap? WindowCap => _ceiling.WindowCap;

        /// <summary>Requests sent in the last second: the rate really achieved, whatever the target.</summary>
        public double MeasuredRate => _meter.RateAt(_clock());

        /// <summary>A request left (it took a permit).</summary>
        public void Sent()
        {
            _meter.Sent(_clock());
            _allowance.Sent();
        }

        /// <summary>
        /// An answer that was not a 429, with the per-second limit's headers if Zoom sent them
        /// (<paramref name="advertisedLimit"/> = X-RateLimit-Limit of type QPS, <paramref name="remaining"/> = X-RateLimit-Remaining).
        /// </summary>
        public RateChange? Clean(double? advertisedLimit, long? remaining)
        {
            var now = _clock();
            _allowance.Accepted(now);
            var before = _law.Rate;
            var learned = _ceiling.Learn(advertisedLimit);
            _law.Clip();

            if (remaining is long left && _ceiling.Advertised is double advertised)
            {
                if (left <= 0 && OthersFilledTheAccount(advertised))
                    return Cut(now, ExhaustedCut, "X-RateLimit-Remaining reached 0: the account's allowance for this second is used up, partly by the account's other apps")
                           ?? _narrator.Tell(before, _law.Rate, learned);
                if (left < advertised * LowRemainingFraction)
                    return _narrator.Tell(before, _law.Rate, learned); // nearly full: hold, do not push the account's other apps out
            }

            _law.Grow(now, _meter.RateAt(now));
            if (learned != null) return _narrator.Tell(before, _law.Rate, learned);
            return _narrator.Growth(before, _law.Rate, _law.PhaseAt(now), _ceiling.Value, _law.Hold);
        }

        /// <summary>
        /// What happens on a per-second 429 (not the daily limit, which no rate can help): the limit is
        /// learned if the refusal carried X-RateLimit-Limit (Zoom may send the rate headers on its 429s and
        /// not on its successes), then the rate is cut (at most once a second), judged by where refusals
        /// really began. The shared pause is <see cref="AccountPacer"/>'s.
        /// </summary>
        public RateChange? Throttled(double? advertisedLimit)
        {
            var now = _clock();
            var before = _law.Rate;
            // Learned before the cut, so that the cut is bounded by the limit; the rate is not brought
            // under the new ceiling first, since the cut is judged by the rate that was really sent. The
            // cut clips it; the line after it covers a refusal within a second of a cut, which cuts nothing.
            var learned = _ceiling.Learn(advertisedLimit);
            var why = learned == null ? "Zoom answered 429 (per-second limit)" : $"Zoom answered 429 (per-second limit; {learned})";
            // Held above the limit (refused before the hold ended), what Zoom let through since the last
            // refusal bounds the limit; a hold below it lets the server's allowance waste, which would not.
            var phase = _law.PhaseAt(now);
            var sinceRefusal = phase == RatePhase.Recovering || phase == RatePhase.Holding ? _allowance.SinceRefusalBound(now) : double.MaxValue;
            var change = Cut(now, RateLaw.Beta, why, Math.Min(sinceRefusal, _ceiling.Advertised ?? double.MaxValue));
            _law.Clip();
            change ??= _narrator.Tell(before, _law.Rate, learned);
            _allowance.Refused();
            return change;
        }

        /// <summary>
        /// Whether X-RateLimit-Remaining at 0 calls for a cut: not when this session alone sent about the
        /// limit in the last second. A server counting in calendar seconds shows 0 whenever a second
        /// holds the limit's worth, which a rate at <see cref="HeaderFraction"/> of it often does; the
        /// pacer's short pause after a 0 and the window cap keep that from becoming a refusal.
        /// </summary>
        private bool OthersFilledTheAccount(double advertised) => MeasuredRate < OwnShareFraction * advertised;

        /// <summary>
        /// Refusals began at the rate really sent, not the target (a run held back by -ThrottleLimit or a
        /// slow pipeline never sent at its target, and the refusal says nothing about that target), and
        /// no higher than Zoom was seen to let through, nor than <paramref name="bound"/>.
        /// </summary>
        private RateChange? Cut(TimeSpan now, double factor, string why, double bound = double.MaxValue)
        {
            if (!_law.MayCut(now)) return null;
            var before = _law.Rate;
            var measured = _meter.RateAt(now);
            var at = measured > 0 ? Math.Min(before, measured) : before;
            at = Math.Min(at, Math.Min(_allowance.AcceptedBound(now), bound));
            _law.Cut(now, at, factor);
            return _narrator.Cut(before, _law.Rate, why, at, _law.Hold);
        }
    }
}
