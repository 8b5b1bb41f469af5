namespace ZoomUsers.Fitting
{
    /// <summary>A header's facts, read by managed code without decoding (see <see cref="Headers.PictureHeader"/>).</summary>
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
