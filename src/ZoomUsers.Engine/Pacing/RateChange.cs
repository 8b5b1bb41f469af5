using System.Globalization;

namespace ZoomUsers.Pacing
{
    /// <summary>The pacer learned something or moved its rate: what -Verbose tells the admin.</summary>
    internal sealed class RateChange
    {
        public RateChange(double from, double to, string reason)
        {
            From = from;
            To = to;
            Reason = reason;
        }

        public double From { get; }
        public double To { get; }

        /// <summary>Why, in words: a header, a 429, a run of clean answers.</summary>
        public string Reason { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "Request rate {0:0.#}/s -> {1:0.#}/s: {2}.", From, To, Reason);
    }
}
