namespace ZoomUsers.Fitting
{
    /// <summary>A header's facts, as Skia's codec reads them without decoding.</summary>
    internal readonly struct HeaderInfo
    {
        public HeaderInfo(string formatName, int width, int height, int orientation)
        {
            FormatName = formatName;
            Width = width;
            Height = height;
            Orientation = orientation;
        }

        public string FormatName { get; }
        public int Width { get; }
        public int Height { get; }
        public int Orientation { get; }
    }
}
