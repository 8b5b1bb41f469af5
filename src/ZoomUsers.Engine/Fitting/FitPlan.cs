using System.Collections.Generic;

namespace ZoomUsers.Fitting
{
    /// <summary>What a picture's header says (no pixel decoded yet), and why it must be prepared before upload; nothing to do when <see cref="Reasons"/> is empty.</summary>
    internal sealed class FitPlan
    {
        public FitPlan(HeaderInfo header, FitSource source, IReadOnlyList<string> reasons)
        {
            Header = header;
            Source = source;
            Reasons = reasons;
        }

        /// <summary>The header's facts: format, size as stored (before the EXIF orientation is applied), orientation.</summary>
        public HeaderInfo Header { get; }
        /// <summary>JPEG, PNG, GIF, BMP or WebP.</summary>
        public string FormatName => Header.FormatName;
        public int Width => Header.Width;
        public int Height => Header.Height;
        /// <summary>The EXIF orientation, 1 (upright) to 8.</summary>
        public int Orientation => Header.Orientation;
        /// <summary>Where the bytes to prepare are: a picture waiting for a decode slot holds them only when they were given as bytes.</summary>
        public FitSource Source { get; }
        public long Length => Source.Length;
        public IReadOnlyList<string> Reasons { get; }

        public bool NeedsPreparing => Reasons.Count > 0;

        /// <summary>Sideways orientations (5 to 8) swap width and height when turned upright.</summary>
        public bool SwapsSides => Orientation >= 5 && Orientation <= 8;

        public string Why => string.Join("; ", Reasons);
    }
}
