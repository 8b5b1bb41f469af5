namespace ZoomUsers.Fitting
{
    /// <summary>What Set-ZoomUserPicture -Fit makes of a picture Zoom would refuse or show wrongly, and its limits.</summary>
    internal sealed class FitSettings
    {
        /// <summary>
        /// A shrunk picture's longest side when -MaxDimension is not given. Zoom shows profile pictures
        /// at a few hundred pixels; 1024 leaves room for high-density screens and always fits in 2 MB as a JPEG.
        /// </summary>
        public const int DefaultLongestSide = 1024;

        /// <summary>
        /// The most pixels a header may declare (8192 x 8192). A header is refused above it before any
        /// decoding: a 30000 x 30000 PNG can be 100 KB and would need 3.6 GB to decode (a decompression bomb).
        /// </summary>
        public const long MaxPixels = 8192L * 8192L;

        /// <summary>The largest source file -Fit reads (a camera JPEG is 3-10 MB).</summary>
        public const int MaxSourceBytes = 64 * 1024 * 1024;

        /// <summary>The JPEG quality prepared pictures are encoded at.</summary>
        public const int JpegQuality = 85;

        public FitSettings(int? maxDimension, bool square)
        {
            MaxDimension = maxDimension;
            Square = square;
        }

        /// <summary>-MaxDimension: the longest side in pixels; pictures that exceed it are shrunk.</summary>
        public int? MaxDimension { get; }
        /// <summary>-Square: pictures that are not square are cropped to a centred square.</summary>
        public bool Square { get; }

        /// <summary>
        /// The settings as the state file remembers them (<see cref="Sync.Preparation"/>), in the
        /// cmdlet's own words: "-Fit", "-Fit -MaxDimension 512", "-Fit -Square".
        /// </summary>
        public string Key => "-Fit" + (MaxDimension is int max ? " -MaxDimension " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") + (Square ? " -Square" : "");

        /// <summary>The longest side a prepared picture may have.</summary>
        public int LongestSide => MaxDimension ?? DefaultLongestSide;
    }
}
