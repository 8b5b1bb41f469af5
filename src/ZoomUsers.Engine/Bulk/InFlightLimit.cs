using System;

namespace ZoomUsers.Bulk
{
    /// <summary>
    /// How many rows may be started and not yet delivered now: the pacer's suggestion (Little's law: rate
    /// x the time a request holds its row, with margin) when one is given, never above -ThrottleLimit and
    /// never below one. <see cref="BulkRunner{TMessage}"/> starts a row only while it <see cref="Admits"/> one more.
    /// </summary>
    internal sealed class InFlightLimit
    {
        private readonly Func<int>? _suggested;

        /// <param name="throttleLimit">-ThrottleLimit: the most rows in flight, whatever the pacer suggests.</param>
        /// <param name="suggested">Rows the pacer wants in flight now (null: -ThrottleLimit alone).</param>
        public InFlightLimit(int throttleLimit, Func<int>? suggested)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            ThrottleLimit = throttleLimit;
            _suggested = suggested;
        }

        public int ThrottleLimit { get; }

        /// <summary>The rows worth having in flight at this moment.</summary>
        public int Target => _suggested == null ? ThrottleLimit : Math.Max(1, Math.Min(ThrottleLimit, _suggested()));

        /// <summary>Whether one more row may start with <paramref name="inFlight"/> rows in flight.</summary>
        public bool Admits(int inFlight) => inFlight < Target;
    }
}
