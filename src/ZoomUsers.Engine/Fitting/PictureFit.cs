using System;
using System.Collections.Generic;
using ZoomUsers.Fitting.Skia;
using ZoomUsers.Validation;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// Set-ZoomUserPicture -Fit's check of one picture, from its header alone: refused (undecodable,
    /// a format it cannot convert, a decompression bomb), passed through byte for byte (Zoom takes it
    /// as it is), or planned for preparing. The header is read by Skia's codec, which decodes no pixel
    /// for it; SkiaSharp is loaded on the first call, so a run without -Fit never loads it.
    /// </summary>
    internal sealed class PictureFit
    {
        public PictureFit(FitSettings settings) => Settings = settings;

        public FitSettings Settings { get; }

        /// <summary>Reads a file of up to <see cref="FitSettings.MaxSourceBytes"/> and checks it.</summary>
        public Checked<Picture> ReadFile(string fullPath) => Picture.FromFile(fullPath, FitSettings.MaxSourceBytes, Check);

        public Checked<Picture> ReadBytes(byte[]? bytes, string what) => Check(bytes, null, what);

        private Checked<Picture> Check(byte[]? bytes, string? fileName, string what)
        {
            if (bytes == null)
                return Picture.Fail(ErrorIds.PictureMissing, $"{what} has no picture data.");
            if (bytes.Length == 0)
                return Picture.Fail(ErrorIds.PictureEmpty, $"{what} is empty (0 bytes).");
            if (bytes.Length > FitSettings.MaxSourceBytes)
                return Picture.Fail(ErrorIds.PictureTooLarge, $"{what} is {bytes.Length:N0} bytes; -Fit reads pictures of at most {FitSettings.MaxSourceBytes:N0} bytes.");
            if (UnconvertibleFormats.Name(bytes) is string unconvertible)
                return Picture.Fail(ErrorIds.PictureFormatNotConvertible,
                    $"{what} is a {unconvertible} image, which -Fit cannot convert (it reads JPEG, PNG, GIF, BMP and WebP). Convert it to JPEG first.");

            HeaderInfo? header;
            try
            {
                header = SkiaHeader.Read(bytes);
            }
            catch (Exception ex) when (SkiaNative.IsUnavailable(ex))
            {
                return Picture.Fail(ErrorIds.PictureFitUnavailable, SkiaNative.Explain(ex));
            }
            if (header == null)
                return Picture.Fail(ErrorIds.PictureUndecodable,
                    $"{what} cannot be decoded: it is {PictureFormats.Describe(bytes)} and not a picture -Fit reads (JPEG, PNG, GIF, BMP, WebP), or it is damaged.");

            var h = header.Value;
            var pixels = (long)h.Width * h.Height;
            if (pixels > FitSettings.MaxPixels)
                return Picture.Fail(ErrorIds.PictureTooManyPixels,
                    $"{what} declares {h.Width:N0} x {h.Height:N0} pixels ({pixels / 1e6:N0} megapixels); -Fit refuses more than {FitSettings.MaxPixels / 1e6:N0} megapixels before decoding, as such a file could take gigabytes of memory.");

            var plan = new FitPlan(h, bytes.Length, Reasons(h, bytes.Length));
            return Checked<Picture>.Passed(Picture.ForFit(bytes, fileName, plan));
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
