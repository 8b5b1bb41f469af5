using System;
using System.Collections.Generic;
using System.IO;
using ZoomUsers.Fitting.Headers;
using ZoomUsers.Validation;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// Set-ZoomUserPicture -Fit's check of one picture, from its header alone: refused (undecodable,
    /// a format it cannot convert, a decompression bomb), passed through byte for byte (Zoom takes it
    /// as it is), or planned for preparing. The header is read by managed code
    /// (<see cref="PictureHeader"/>): no native code touches a picture that goes up as it is, and
    /// SkiaSharp is loaded only when a picture is prepared.
    /// <para>
    /// A file has only its header read: one that goes up as it is is streamed by each attempt, as a
    /// run without -Fit streams it, and one to prepare keeps no bytes until a decode slot is free
    /// (<see cref="FitSource"/>). Bytes given directly are the caller's, kept as they are.
    /// </para>
    /// </summary>
    internal sealed class PictureFit
    {
        /// <summary>Enough of the start of a file to name its format.</summary>
        private const int SignatureBytes = 16;

        public PictureFit(FitSettings settings) => Settings = settings;

        public FitSettings Settings { get; }

        /// <summary>Checks a file of up to <see cref="FitSettings.MaxSourceBytes"/>.</summary>
        public Checked<Picture> ReadFile(string fullPath) => Picture.FromFile(fullPath, FitSettings.MaxSourceBytes, (path, length, name, what) =>
            Check(FitSource.File(path, length), name, what));

        public Checked<Picture> ReadBytes(byte[]? bytes, string what)
        {
            if (bytes == null)
                return Picture.Fail(ErrorIds.PictureMissing, $"{what} has no picture data.");
            if (bytes.Length == 0)
                return Picture.Fail(ErrorIds.PictureEmpty, $"{what} is empty (0 bytes).");
            if (bytes.Length > FitSettings.MaxSourceBytes)
                return Picture.Fail(ErrorIds.PictureTooLarge, $"{what} is {bytes.Length:N0} bytes; -Fit reads pictures of at most {FitSettings.MaxSourceBytes:N0} bytes.");
            return Check(FitSource.Held(bytes), null, what);
        }

        private Checked<Picture> Check(FitSource source, string? fileName, string what)
        {
            if (source.Length == 0)
                return Picture.Fail(ErrorIds.PictureEmpty, $"{what} is empty.");
            HeaderInfo? header;
            byte[] start;
            using (var stream = source.Open())
            {
                start = StreamBytes.ReadUpTo(stream, SignatureBytes);
                if (UnconvertibleFormats.Name(start) is string unconvertible)
                    return Picture.Fail(ErrorIds.PictureFormatNotConvertible,
                        $"{what} is a {unconvertible} image, which -Fit cannot convert (it reads JPEG, PNG, GIF, BMP and WebP). Convert it to JPEG first.");
                stream.Position = 0;
                header = PictureHeader.Read(stream);
            }
            if (header == null)
                return Picture.Fail(ErrorIds.PictureUndecodable,
                    $"{what} cannot be decoded: it is {PictureFormats.Describe(start)} and not a picture -Fit reads (JPEG, PNG, GIF, BMP, WebP), or it is damaged.");

            var h = header.Value;
            var pixels = (long)h.Width * h.Height;
            if (pixels > FitSettings.MaxPixels)
                return Picture.Fail(ErrorIds.PictureTooManyPixels,
                    $"{what} declares {h.Width:N0} x {h.Height:N0} pixels ({pixels / 1e6:N0} megapixels); -Fit refuses more than {FitSettings.MaxPixels / 1e6:N0} megapixels before decoding, as such a file could take gigabytes of memory.");

            var reasons = Reasons(h, source.Length);
            var plan = new FitPlan(h, source, reasons);
            if (reasons.Count == 0)
                return Checked<Picture>.Passed(source.HeldBytes is byte[] asItIs
                    ? Picture.ForFit(asItIs, fileName, plan)
                    : Picture.ForFit(new PictureFile(source.FilePath!, source.Length), start, fileName, plan));
            // To prepare: a file is read again in a decode slot.
            return Checked<Picture>.Passed(Picture.ToPrepare(fileName, plan));
        }

        private List<string> Reasons(HeaderInfo h, long length)
        {
            var reasons = new List<string>();
            if (h.FormatName != "JPEG" && h.FormatName != "PNG")
                reasons.Add($"{h.FormatName} is not a format Zoom takes");
            if (length > PictureFormats.MaxBytes)
                reasons.Add($"{length:N0} bytes is over Zoom's 2 MB");
            if (h.Orientation != 1 && h.FormatName == "JPEG")
                reasons.Add($"its EXIF orientation ({h.Orientation}) turns it");
            var swaps = h.Orientation >= 5 && h.Orientation <= 8;
            var (w, ht) = swaps ? (h.Height, h.Width) : (h.Width, h.Height);
            if (Settings.MaxDimension is int max && Math.Max(w, ht) > max)
                reasons.Add($"{w} x {ht} is larger than -MaxDimension {max}");
            if (Settings.Square && w != ht)
                reasons.Add($"{w} x {ht} is not square");
            return reasons;
        }
    }
}
