using SkiaSharp;

namespace ZoomUsers.Fitting.Skia
{
    /// <summary>A picture's header through Skia's codec: format, stored size and EXIF orientation, with no pixel decoded.</summary>
    internal static class SkiaHeader
    {
        /// <summary>Null when no codec recognises the bytes, or recognises a format -Fit does not take.</summary>
        public static HeaderInfo? Read(byte[] bytes)
        {
            SkiaNative.EnsureLoaded();
            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            if (codec == null) return null;
            var name = FormatName(codec.EncodedFormat);
            if (name == null) return null;
            var info = codec.Info;
            return new HeaderInfo(name, info.Width, info.Height, (int)codec.EncodedOrigin);
        }

        internal static string? FormatName(SKEncodedImageFormat format) => format switch
        {
            SKEncodedImageFormat.Jpeg => "JPEG",
            SKEncodedImageFormat.Png => "PNG",
            SKEncodedImageFormat.Gif => "GIF",
            SKEncodedImageFormat.Bmp => "BMP",
            SKEncodedImageFormat.Webp => "WebP",
            _ => null,
        };
    }
}
