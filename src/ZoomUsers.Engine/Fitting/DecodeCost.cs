using System;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// The memory one -Fit preparation takes while it runs, from its plan alone (no pixel decoded):
    /// the source copied to native memory, the decoded bitmap (a JPEG at the n/8 size
    /// <see cref="Skia.SkiaFitter"/> decodes it at; any other format at full size) and the surface the
    /// result is drawn on, 4 bytes a pixel. What <see cref="DecodeThreads"/> counts against its budget.
    /// </summary>
    internal static class DecodeCost
    {
        private const long BytesPerPixel = 4;

        /// <summary>The most one preparation can take: an 8192 x 8192 PNG of the largest source -Fit reads, drawn at the default size.</summary>
        public static readonly long Largest = FitSettings.MaxSourceBytes + FitSettings.MaxPixels * BytesPerPixel
                                              + (long)FitSettings.DefaultLongestSide * FitSettings.DefaultLongestSide * BytesPerPixel;

        public static long Of(FitPlan plan, FitSettings settings)
        {
            var (uprightW, uprightH) = plan.SwapsSides ? (plan.Height, plan.Width) : (plan.Width, plan.Height);
            var side = Math.Min(uprightW, uprightH);
            var (cropW, cropH) = settings.Square ? (side, side) : (uprightW, uprightH);
            var longest = Math.Min(Math.Max(cropW, cropH), settings.LongestSide);
            var scale = (double)longest / Math.Max(cropW, cropH);

            long decodedW = plan.Width, decodedH = plan.Height;
            if (plan.FormatName == "JPEG" && scale < 1)
            {
                // The smallest n/8 not below the target, as the decoder picks it.
                var eighths = Math.Min(8, Math.Max(1, (int)Math.Ceiling(scale * 8)));
                decodedW = (plan.Width * eighths + 7) / 8;
                decodedH = (plan.Height * eighths + 7) / 8;
            }
            var drawnW = (long)Math.Max(1, Math.Round(cropW * scale));
            var drawnH = (long)Math.Max(1, Math.Round(cropH * scale));
            return plan.Length + (decodedW * decodedH + drawnW * drawnH) * BytesPerPixel;
        }
    }
}
