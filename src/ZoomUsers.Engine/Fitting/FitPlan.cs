using System.Collections.Generic;

namespace ZoomUsers.Fitting
{
    /// <summary>What a picture's header says (no pixel decoded yet), and why it must be prepared before upload; nothing to do when <see cref="Reasons"/> is empty.</summary>
    internal sealed class FitPlan
    {
        public FitPlan(HeaderInfo header, long length, IReadOnlyList<string> reasons)
        {
            Header = header;
            Length = length;
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
        public long Length { get; }
        public IReadOnlyList<string> Reasons { get; }

        public bool NeedsPreparing => Reasons.Count > 0;

        /// <summary>Sideways orientations (5 to 8) swap width and height when turned upright.</summary>
        public bool SwapsSides => Orientation >= 5 && Orientation <= 8;

        public string Why => string.Join("; ", Reasons);
    }
}
