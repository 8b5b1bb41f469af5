namespace ZoomUsers.Validation
{
    /// <summary>The two formats Zoom accepts, recognised by their first bytes, never by a file extension.</summary>
    /// <remarks>Public only because the engine unit tests take it as a theory argument; nothing of the module exposes it.</remarks>
    public enum PictureFormat
    {
        Unknown,
        Jpeg,
        Png,
    }

    internal static class PictureFormats
    {
        public const int MaxBytes = 2 * 1024 * 1024;

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        public static PictureFormat Detect(byte[] bytes) => Detect(bytes, bytes.Length);

        /// <summary>The format of the first <paramref name="count"/> bytes of <paramref name="bytes"/>.</summary>
        public static PictureFormat Detect(byte[] bytes, int count)
        {
            if (count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
                return PictureFormat.Jpeg;

            if (count >= PngSignature.Length)
            {
                for (var i = 0; i < PngSignature.Length; i++)
                    if (bytes[i] != PngSignature[i]) return PictureFormat.Unknown;
                return PictureFormat.Png;
            }

            return PictureFormat.Unknown;
        }

        public static string ContentType(PictureFormat format) => format == PictureFormat.Png ? "image/png" : "image/jpeg";

        public static string Extension(PictureFormat format) => format == PictureFormat.Png ? ".png" : ".jpg";

        /// <summary>Names a few formats people try, so the message says what the file really is.</summary>
        internal static string Describe(byte[] bytes)
        {
            if (bytes.Length >= 3 && bytes[0] == (byte)'G' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F') return "a GIF image";
            if (bytes.Length >= 2 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M') return "a BMP image";
            if (bytes.Length >= 4 && bytes[0] == (byte)'R' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F' && bytes[3] == (byte)'F') return "a RIFF (WebP?) file";
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8) return "a truncated JPEG";
            if (bytes.Length >= 4 && bytes[0] == 0x89 && bytes[1] == (byte)'P') return "a truncated PNG";
            return "neither JPEG nor PNG";
        }
    }
}
