using System;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// The rate law: grow, cut, hold, probe. Its shape is the AWS SDKs' adaptive mode (botocore
    /// <c>retries/throttling.py</c>, aws-sdk-go-v2 <c>adaptive_ratelimit.go</c>): a cut to
    /// <see cref="Beta"/> of the rate where refusals began, then CUBIC-like concave regrowth. It is
    /// changed for a limit that is a fixed plan number rather than a moving congestion point: the
    /// regrowth stops just below where refusals began and holds there (<see cref="RatePhase.Holding"/>),
    /// so a bulk run does not keep refusing the account's other apps, and only then probes upward,
    /// additively (<see cref="RatePhase.Probing"/>).
    /// <para>
    /// What it is told (where refusals began, what was sent, the ceiling) others measure:
    /// <see cref="SendMeter"/>, <see cref="AllowanceEstimate"/>, <see cref="RateCeiling"/>.
    /// </para>
    /// <para>
    /// The figures below are in docs/benchmarks.md's defaults table (`dotnet run -c Release --project bench/ZoomUsers.Bench
    /// -- --sequential --memory-rows 0 --import-runs 0 --sync-rows 0`). Each constant names the rows
    /// that move when it changes; "set by" means a row's figure chose it, "chosen" that it was not tuned
    /// against the benchmark (changing it needs the whole table, before and after, in one session).
    /// </para>
    /// </summary>
    internal sealed class RateLaw
    {
        /// <summary>Safe on any paid plan with room to spare: half of Pro's 20/s (Business and up allow 60/s).</summary>
        public const double StartRate = 10;

        /// <summary>Never slower than one request every two seconds (the AWS SDKs' floor).</summary>
        public const double MinimumRate = 0.5;

        /// <summary>
        /// A 429 cuts to this share of where refusals began: CUBIC's and the AWS SDKs' beta, not tuned
        /// here. Multiplicative decrease is what lets uncoordinated senders converge on fair shares (the
        /// model's two-sessions test, the "Pro shared" rows).
        /// </summary>
        public const double Beta = 0.7;

        /// <summary>
        /// After a 429 below a known limit, the rate settles at this share of where refusals began: that
        /// point is only an estimate, and what lies above it is other apps'. Chosen; the rows it moves are
        /// "Pro shared" (the steady app's refusals, target at most 2%) and every "429s"/"none" row. A refusal
        /// at the advertised limit itself holds at the ceiling instead.
        /// </summary>
        public const double HoldFraction = 0.97;

        /// <summary>
        /// Regrowth from the cut back to the hold takes this long (CUBIC's K, fixed). Chosen. Shorter costs
        /// more refusals when the estimate was high; longer costs throughput: with it and the 1 s
        /// Retry-After pause the first refusal episode loses about 1.5 s of the limit, the gap between
        /// the Business 500 ms "429s" and "all" rows.
        /// </summary>
        public static readonly TimeSpan RecoveryTime = TimeSpan.FromSeconds(3);

        /// <summary>
        /// The hold lasts this long after a cut before probing. Chosen: a limit that is a fixed plan
        /// number is pushed against at most about twice a minute (the "none" rows' 429 share, about 1%),
        /// and capacity other apps release is taken back within minutes (the model's two-sessions test).
        /// </summary>
        public static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Probing, after the hold: the rate climbs by this many requests a second, per second. Additive,
        /// the same for every sender whatever its share, which (with multiplicative cuts) is what moves
        /// uncoordinated senders toward equal shares. Chosen: slow, so a probe's refusals stay within
        /// the "none" rows' 1%.
        /// </summary>
        public const double ProbeSlope = 0.1;

        /// <summary>Zoom counts per second: refusals within one second of a cut are the same signal.</summary>
        public static readonly TimeSpan CutSpacing = TimeSpan.FromSeconds(1);

        /// <summary>Slow start without headers: the rate doubles per second of clean answers (TCP's slow start, per second).</summary>
        public const double SlowStartGrowth = 2;

        /// <summary>
        /// Slow start without headers past <see cref="PlausibleLimit"/>: gentler, so that the second of
        /// allowance a server saves up hides less overshoot before the first 429. Set by the Business
        /// "none" and "429s" rows' refusals (the commit "Pacing without headers ... slow start gentler
        /// past Pro's 20/s").
        /// </summary>
        public const double GentleGrowth = 1.5;

        /// <summary>Pro's limit, the lowest of the paid plans': slow start turns gentler once past it.</summary>
        public const double PlausibleLimit = 20;

        /// <summary>
        /// With X-RateLimit-Limit known the ceiling is safe, so the climb to it is quicker; not a jump,
        /// so that X-RateLimit-Remaining can still show the account's other apps before the ceiling is
        /// reached. Chosen; the rows it moves are the "all" rows' slow start and "Pro shared ... all".
        /// </summary>
        public const double KnownLimitGrowth = 4;

        private readonly RateCeiling _ceiling;
        private bool _cut;
        private double _refusedAt;
        private double _cutTo;
        private TimeSpan _lastCut;
        private TimeSpan? _lastGrowth;

        /// <param name="ceiling">What the rate may never pass; told a -RequestsPerSecond, the law starts there.</param>
        public RateLaw(RateCeiling ceiling)
        {
            _ceiling = ceiling;
            Rate = ceiling.User ?? StartRate;
        }

        /// <summary>The rate held now, requests per second.</summary>
        public double Rate { get; private set; }

        /// <summary>Where the law is now.</summary>
        public RatePhase PhaseAt(TimeSpan now)
        {
            if (!_cut) return RatePhase.SlowStart;
            var t = now - _lastCut;
            return t < RecoveryTime ? RatePhase.Recovering : t < HoldTime ? RatePhase.Holding : RatePhase.Probing;
        }

        /// <summary>A refusal now is a new signal: none in the last <see cref="CutSpacing"/> cut the rate.</summary>
        public bool MayCut(TimeSpan now) => !_cut || now - _lastCut >= CutSpacing;

        /// <summary>
        /// Where the rate settles after a cut: <see cref="HoldFraction"/> of where refusals began, since that
        /// point is only an estimate; when they began at the advertised limit, the limit is known and the
        /// ceiling already keeps the margin it needs.
        /// </summary>
        public double Hold =>
            _ceiling.Advertised is double limit && _refusedAt >= limit ? _ceiling.Value : Math.Min(_ceiling.Value, HoldFraction * _refusedAt);

        /// <summary>Refusals began at about <paramref name="refusedAt"/>/s: cut to <paramref name="factor"/> of it, to regrow from there.</summary>
        public void Cut(TimeSpan now, double refusedAt, double factor)
        {
            _refusedAt = Math.Max(MinimumRate, refusedAt);
            _cutTo = Math.Max(MinimumRate, factor * _refusedAt);
            Rate = Math.Min(_cutTo, _ceiling.Value);
            _cut = true;
            _lastCut = now;
            _lastGrowth = now;
        }

        /// <summary>A clean answer: the rate moves along its phase's curve, never past <paramref name="measured"/> times the growth, nor the ceiling.</summary>
        public void Grow(TimeSpan now, double measured)
        {
            var dt = _lastGrowth.HasValue ? (now - _lastGrowth.Value).TotalSeconds : 0;
            _lastGrowth = now;
            dt = Math.Max(0, Math.Min(dt, 1)); // an idle spell is not a second of clean answers

            var growth = _ceiling.Advertised.HasValue ? KnownLimitGrowth : SlowStartGrowth;
            var t = (now - _lastCut).TotalSeconds;
            double target;
            switch (PhaseAt(now))
            {
                case RatePhase.SlowStart:
                    // Past Pro's 20/s the rate may be near a plan's limit: grow more gently there.
                    var g = !_ceiling.Advertised.HasValue && Rate >= PlausibleLimit ? GentleGrowth : growth;
                    target = Rate * Math.Pow(g, dt);
                    break;
                case RatePhase.Recovering:
                    var left = 1 - t / RecoveryTime.TotalSeconds;
                    target = Hold - (Hold - _cutTo) * left * left * left;
                    break;
                case RatePhase.Holding:
                    target = Hold;
                    break;
                default:
                    target = Hold + ProbeSlope * (t - HoldTime.TotalSeconds);
                    break;
            }

            // As the AWS SDKs do: never more than a multiple of what was really sent, so a run held back by
            // something else (input, -ThrottleLimit) does not build up a rate it never tried. The multiple
            // is x2 without X-RateLimit-Limit and x4 with it (the AWS SDKs' is x2), and the start rate
            // always stands: a run sending 3/s may still be paced at 10/s.
            target = Math.Min(target, Math.Max(growth * measured, StartRate));
            target = Math.Min(target, _ceiling.Value);
            if (target > Rate) Rate = target;
        }

        /// <summary>A lower ceiling (a new X-RateLimit-Limit) brings the rate under it at once.</summary>
        public void Clip()
        {
            if (Rate > _ceiling.Value) Rate = _ceiling.Value;
        }
    }
}
