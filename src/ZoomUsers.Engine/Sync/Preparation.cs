using System;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// How a picture went up, as its record remembers it: the -Fit settings of the run
    /// (<see cref="Fitting.FitSettings.Key"/>, null for a run without -Fit) and whether the picture
    /// was prepared or sent as it is. Unchanged bytes are skipped only when this run would send the
    /// same: under the same settings, or as they are both times. So changing -Fit, -MaxDimension or
    /// -Square uploads each picture they change once, and the next run skips again.
    /// </summary>
    internal readonly struct Preparation : IEquatable<Preparation>
    {
        /// <summary>A run without -Fit: bytes as they are. What every record from before -Fit's settings were kept says.</summary>
        public static readonly Preparation AsItIs = new Preparation(null, false);

        public Preparation(string? fit, bool prepared)
        {
            Fit = fit;
            Prepared = prepared;
        }

        /// <summary>The run's -Fit settings, or null for a run without -Fit.</summary>
        public string? Fit { get; }
        /// <summary>The picture was prepared (a JPEG -Fit made), not sent as it was.</summary>
        public bool Prepared { get; }

        /// <summary>
        /// This row, read now, would send what the record says went up: the same settings (same bytes
        /// and settings give the same plan), or as it is both times (whatever the settings were).
        /// </summary>
        public bool SendsWhat(Preparation recorded) =>
            string.Equals(Fit, recorded.Fit, StringComparison.Ordinal) || (!Prepared && !recorded.Prepared);

        public bool Equals(Preparation other) => string.Equals(Fit, other.Fit, StringComparison.Ordinal) && Prepared == other.Prepared;
        public override bool Equals(object? obj) => obj is Preparation other && Equals(other);
        public override int GetHashCode() => (Fit?.GetHashCode() ?? 0) ^ (Prepared ? 1 : 0);
    }
}
