using System;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// At most <see cref="Count"/> requests in any <see cref="Window"/>: how "never more than N in any
    /// second" is kept at the gate. The window is a little over a second (how much over,
    /// <see cref="RateController.WindowCap"/> says) because requests leave the gate and reach Zoom after
    /// a transit time that varies, so two that left a window apart may land a bit closer than that.
    /// </summary>
    internal readonly struct RequestCap : IEquatable<RequestCap>
    {
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
