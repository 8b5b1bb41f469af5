using System.Collections.Generic;

namespace ZoomUsers.Fitting
{
    /// <summary>What a picture's header says (no pixel decoded yet), and why it must be prepared before upload; nothing to do when <see cref="Reasons"/> is empty.</summary>
    internal sealed class FitPlan
    {
        public FitPlan(string formatName, int width, int height, int orientation, long length, IReadOnlyList<string> reasons)
        {
            FormatName = formatName;
            Width = width;
            Height = height;
            Orientation = orientation;
            Length = length;
            Reasons = reasons;
        }

        /// <summary>JPEG, PNG, GIF, BMP or WebP.</summary>
        public string FormatName { get; }
        /// <summary>As stored, before the EXIF orientation is applied.</summary>
        public int Width { get; }
        public int Height { get; }
        /// <summary>The EXIF orientation, 1 (upright) to 8.</summary>
        public int Orientation { get; }
        public long Length { get; }
        public IReadOnlyList<string> Reasons { get; }

        public bool NeedsPreparing => Reasons.Count > 0;

        /// <summary>Sideways orientations (5 to 8) swap width and height when turned upright.</summary>
        public bool SwapsSides => Orientation >= 5 && Orientation <= 8;

        public string Why => string.Join("; ", Reasons);
    }
}
