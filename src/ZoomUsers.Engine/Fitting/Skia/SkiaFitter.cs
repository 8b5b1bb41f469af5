using System;
using System.IO;
using SkiaSharp;
using ZoomUsers.Validation;

namespace ZoomUsers.Fitting.Skia
{
    /// <summary>
    /// Prepares one planned picture: decodes it (at reduced size when the target is smaller, Skia's
    /// scaled JPEG decoding), turns it upright, crops it square if asked, shrinks it to the longest
    /// side allowed, flattens transparency onto white and encodes a JPEG; if that is still over
    /// 2 MB, shrinks further until it fits. The JPEG carries no metadata (no EXIF, no GPS).
    /// CPU work: callers run it off the pipeline thread and bound how many run at once.
    /// </summary>
    internal static class SkiaFitter
    {
        /// <summary>Each retry over 2 MB keeps this share of the sides.</summary>
        private const double ShrinkStep = 0.8;

        public static Checked<PreparedPicture> Prepare(Picture source, FitSettings settings, bool reducedSizeDecode = true)
        {
            var plan = source.Plan ?? throw new InvalidOperationException("The picture has no fit plan.");
            SkiaNative.EnsureLoaded();
            // Read now, in the decode slot: the row held only the file's name and header until here.
            using var data = Read(plan.Source);
            // With a state file, the source must be the one whose digest was read: that is what is recorded.
            if (source.Digest is Sync.PictureDigest expected && plan.Source.FilePath is string path)
            {
                using var bytes = data.AsStream();
                if (Sync.PictureDigest.Of(bytes) != expected)
                    throw new PictureFile(path, plan.Length).Changed("its bytes are not the ones whose digest was read");
            }
            using var codec = SKCodec.Create(data);
            if (codec == null) return Undecodable(plan, "no decoder recognises it");
            // The plan (and the pixel cap) came from the managed header reader; a file whose frames
            // disagree with it is decoded by no one.
            if (codec.Info.Width != plan.Width || codec.Info.Height != plan.Height)
                return Undecodable(plan, $"its header says {plan.Width} x {plan.Height} but the decoder reads {codec.Info.Width} x {codec.Info.Height}");

            // Sizes in the upright picture; the crop is centred there.
            var (uprightW, uprightH) = plan.SwapsSides ? (plan.Height, plan.Width) : (plan.Width, plan.Height);
            var side = Math.Min(uprightW, uprightH);
            var (cropW, cropH) = settings.Square ? (side, side) : (uprightW, uprightH);
            var longest = Math.Min(Math.Max(cropW, cropH), settings.LongestSide);
            var scale = (double)longest / Math.Max(cropW, cropH);

            var decoded = new SKSizeI(plan.Width, plan.Height);
            if (reducedSizeDecode && scale < 1)
            {
                // JPEG decodes at n/8 of its size (libjpeg-turbo's DCT scaling); other codecs answer their
                // full size. The smallest n/8 that is not smaller than the target: Skia rounds a scale
                // to the nearest it supports, which may be below it (0.256 gives 1/4).
                for (var eighths = 1; eighths < 8; eighths++)
                {
                    var reduced = codec.GetScaledDimensions(eighths / 8f);
                    if (reduced.Width >= Math.Ceiling(plan.Width * scale) && reduced.Height >= Math.Ceiling(plan.Height * scale))
                    {
                        decoded = reduced;
                        break;
                    }
                }
            }

            var info = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            using var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result != SKCodecResult.Success) return Undecodable(plan, $"its pixels are damaged ({result})");
            // Immutable, so the image below shares its pixels instead of copying them (DecodeCost counts one bitmap).
            bitmap.SetImmutable();

            using var image = SKImage.FromBitmap(bitmap);
            byte[] jpeg;
            int width, height;
            while (true)
            {
                width = Math.Max(1, (int)Math.Round(cropW * scale));
                height = Math.Max(1, (int)Math.Round(cropH * scale));
                jpeg = Render(image, plan, uprightW, uprightH, cropW, cropH, width, height);
                if (jpeg.Length <= PictureFormats.MaxBytes || (width == 1 && height == 1)) break;
                scale *= ShrinkStep;
            }

            var done = $"Prepared from {plan.FormatName} {plan.Width} x {plan.Height} ({plan.Length:N0} bytes) to JPEG {width} x {height} ({jpeg.Length:N0} bytes)";
            if (plan.Orientation != 1) done += ", turned upright";
            if (settings.Square && uprightW != uprightH) done += ", cropped to a centred square";
            done += ", metadata dropped.";
            return Checked<PreparedPicture>.Passed(new PreparedPicture(Picture.Prepared(jpeg, source.FileName), done));
        }

        private static byte[] Render(SKImage image, FitPlan plan, int uprightW, int uprightH, int cropW, int cropH, int width, int height)
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
                                ?? throw new InvalidOperationException($"Skia could not make a {width} x {height} surface.");
            var canvas = surface.Canvas;
            // A JPEG has no transparency: what was transparent becomes white, not black.
            canvas.Clear(SKColors.White);
            // The decoded image may be smaller than the stored size (reduced-size decode).
            var factor = (double)image.Width / plan.Width;
            var cropX = (uprightW - cropW) / 2.0 * factor;
            var cropY = (uprightH - cropH) / 2.0 * factor;
            canvas.Scale((float)(width / (cropW * factor)), (float)(height / (cropH * factor)));
            canvas.Translate((float)-cropX, (float)-cropY);
            Orient(canvas, plan.Orientation, image.Width, image.Height);
            using (var paint = new SKPaint())
                canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
            canvas.Flush();
            using var snapshot = surface.Snapshot();
            using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, FitSettings.JpegQuality);
            return encoded.ToArray();
        }

        /// <summary>
        /// Maps the stored image (w x h) onto the upright one, per EXIF orientation: 2 mirror, 3 turn
        /// 180, 4 flip, 5 transpose, 6 turn 90 clockwise, 7 transverse, 8 turn 90 anticlockwise.
        /// Canvas calls apply to drawing in reverse order.
        /// </summary>
        private static void Orient(SKCanvas canvas, int orientation, int w, int h)
        {
            switch (orientation)
            {
                case 2: canvas.Translate(w, 0); canvas.Scale(-1, 1); break;
                case 3: canvas.Translate(w, h); canvas.RotateDegrees(180); break;
                case 4: canvas.Translate(0, h); canvas.Scale(1, -1); break;
                case 5: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
                case 6: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
                case 7: canvas.Translate(h, w); canvas.Scale(-1, -1); canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
                case 8: canvas.Translate(0, w); canvas.RotateDegrees(-90); break;
            }
        }

        private static SKData Read(FitSource source)
        {
            using var stream = source.OpenToDecode();
            return SKData.Create(stream, stream.Length) ?? throw new IOException("The picture could not be read into memory for decoding.");
        }

        private static Checked<PreparedPicture> Undecodable(FitPlan plan, string why) =>
            Picture.Fail(ErrorIds.PictureUndecodable, $"The {plan.FormatName} picture could not be decoded: {why}.");
    }
}
