using System;
using System.Globalization;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// The hard numbers the rate may never pass: -RequestsPerSecond (the admin's) and, once Zoom sends
    /// it, just under X-RateLimit-Limit (the account's). Everything else the pacer knows about the limit
    /// is an estimate (<see cref="AllowanceEstimate"/>).
    /// </summary>
    internal sealed class RateCeiling
    {
        /// <summary>No plan goes higher; also the top of -RequestsPerSecond.</summary>
        public const double MaximumRate = 1000;

        /// <summary>
        /// With X-RateLimit-Limit known, the rate stays this far under it: timers and transit jitter bunch
        /// requests, and a server counting calendar seconds refuses the one that lands early. Set by the
        /// benchmark's Business 60/s 500 ms "all" row: at 1.0 of the limit it saw refusals, at 0.98 none
        /// and 0.96-0.97 of the limit in rows (docs/benchmarks.md's defaults table).
        /// </summary>
        public const double HeaderFraction = 0.98;

        private readonly double? _user;

        /// <param name="requestsPerSecond">-RequestsPerSecond, or null for adaptive.</param>
        public RateCeiling(double? requestsPerSecond)
        {
            if (requestsPerSecond.HasValue && !(requestsPerSecond.Value > 0)) throw new ArgumentOutOfRangeException(nameof(requestsPerSecond));
            _user = requestsPerSecond.HasValue ? Math.Min(requestsPerSecond.Value, MaximumRate) : (double?)null;
        }

        /// <summary>-RequestsPerSecond (at most <see cref="MaximumRate"/>), or null.</summary>
        public double? User => _user;

        /// <summary>X-RateLimit-Limit of the per-second limit, once Zoom has sent one.</summary>
        public double? Advertised { get; private set; }

        /// <summary>What the rate may never pass: -RequestsPerSecond, and just under the advertised limit.</summary>
        public double Value => Math.Min(_user ?? MaximumRate, Advertised.HasValue ? Advertised.Value * HeaderFraction : MaximumRate);

        /// <summary>The gate's window cap for these numbers (<see cref="RequestCap.For"/>).</summary>
        public RequestCap? WindowCap => RequestCap.For(_user, Advertised);

        /// <summary>Takes in X-RateLimit-Limit and says what it means when it is new (the caller brings the rate under the new ceiling).</summary>
        public string? Learn(double? advertisedLimit)
        {
            if (!(advertisedLimit is double limit) || !(limit > 0) || limit == Advertised) return null;
            Advertised = limit;
            return $"Zoom advertises a limit of {Format(limit)} requests a second (X-RateLimit-Limit); the rate stays at or under {Format(Value)}/s";
        }

        public static string Format(double rate) => rate.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
