using System;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// At most <see cref="Count"/> requests in any <see cref="Window"/>: how "never more than N in any
    /// second" is kept at the gate. The window is a little over a second (how much over, <see cref="For"/>
    /// says) because requests leave the gate and reach Zoom after a transit time that varies, so two
    /// that left a window apart may land a bit closer than that.
    /// </summary>
    internal readonly struct RequestCap : IEquatable<RequestCap>
    {
        /// <summary>
        /// The window -RequestsPerSecond's cap counts in: 30 ms over a second for transit jitter. Set by
        /// the end-to-end test that counts every one-second window at Zoom's side
        /// (RequestsPerSecondCeilingTests): at 1.00 s it flaked under load, at 1.03 s it held.
        /// </summary>
        public static readonly TimeSpan PromiseWindow = TimeSpan.FromMilliseconds(1030);

        /// <summary>The window X-RateLimit-Limit's cap counts in: the limit in this window is <see cref="RateCeiling.HeaderFraction"/> of it a second.</summary>
        public static readonly TimeSpan LimitWindow = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / RateCeiling.HeaderFraction));

        /// <summary>
        /// The cap for a hard number, when one is known: -RequestsPerSecond or X-RateLimit-Limit (whichever
        /// is lower; at least 1). Null when only probing says what the limit is.
        /// <para>
        /// -RequestsPerSecond is a promise to the admin, counted at Zoom: its window leaves
        /// <see cref="PromiseWindow"/> for transit jitter. Zoom's own limit is a target whose rare miss costs
        /// one 429 and a retry: its window is the ceiling's own margin (<see cref="RateCeiling.HeaderFraction"/>
        /// of the limit a second is the limit in <see cref="LimitWindow"/>), so the cap only stops the bursts
        /// a late wake-up would catch up with, and the rate holds at the ceiling.
        /// </para>
        /// </summary>
        public static RequestCap? For(double? requestsPerSecond, double? advertisedLimit)
        {
            var user = requestsPerSecond ?? double.MaxValue;
            var limit = advertisedLimit ?? double.MaxValue;
            if (user == double.MaxValue && limit == double.MaxValue) return null;
            var count = Math.Max(1, (int)Math.Floor(Math.Min(user, limit) + 1e-9));
            // The promise's count, whenever the admin's number gives it (20.5 against a limit of 20 too).
            var promised = Math.Floor(user + 1e-9) <= Math.Floor(limit + 1e-9);
            return new RequestCap(count, promised ? PromiseWindow : LimitWindow);
        }

        public RequestCap(int count, TimeSpan window)
        {
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
            if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window));
            Count = count;
            Window = window;
        }

        public int Count { get; }
        public TimeSpan Window { get; }

        public bool Equals(RequestCap other) => Count == other.Count && Window == other.Window;
        public override bool Equals(object? obj) => obj is RequestCap other && Equals(other);
        public override int GetHashCode() => Count * 397 ^ Window.GetHashCode();
        public static bool operator ==(RequestCap a, RequestCap b) => a.Equals(b);
        public static bool operator !=(RequestCap a, RequestCap b) => !a.Equals(b);
    }
}
