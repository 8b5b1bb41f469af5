using System.Text;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// Formats people have that -Fit recognises but cannot convert: the decoder shipped (Skia's
    /// JPEG, PNG, GIF, BMP and WebP codecs) reads neither. Hand-written because the decoder only
    /// says "not mine", and the admin needs the format's name to know what to convert.
    /// </summary>
    internal static class UnconvertibleFormats
    {
        /// <summary>The format's name, or null when it is none of these.</summary>
        public static string? Name(byte[] bytes)
        {
            if (bytes.Length >= 4 && ((bytes[0] == (byte)'I' && bytes[1] == (byte)'I' && bytes[2] == 42 && bytes[3] == 0) ||
                                      (bytes[0] == (byte)'M' && bytes[1] == (byte)'M' && bytes[2] == 0 && bytes[3] == 42)))
                return "TIFF";
            // ISO base media file: a size, then "ftyp" and the major brand.
            if (bytes.Length >= 12 && bytes[4] == (byte)'f' && bytes[5] == (byte)'t' && bytes[6] == (byte)'y' && bytes[7] == (byte)'p')
            {
                var brand = Encoding.ASCII.GetString(bytes, 8, 4);
#pragma warning disable IDE0055 // Each format's brands on one line, as a table.
                switch (brand)
                {
                    case "heic": case "heix": case "hevc": case "hevx": case "heim": case "heis": case "mif1": case "msf1":
                        return "HEIC";
                    case "avif": case "avis":
                        return "AVIF";
                }
#pragma warning restore IDE0055
            }
            return null;
        }
    }
}
