using System.Globalization;
using SkiaSharp;
using ZoomUsers.Fitting;
using ZoomUsers.Fitting.Skia;
using ZoomUsers.Validation;
using static ZoomUsers.Simulator.Pictures.TestPictures;

namespace ZoomUsers.Engine.Tests;

/// <summary>-Fit's plan from the header and SkiaFitter's pixels, alone: every EXIF orientation, the shrink loop, the plan's reasons.</summary>
public sealed class PictureFitTests
{
    private static readonly SKColor Green = new(0, 255, 0);

    /// <summary>Stored 40 x 20: red, green on top; blue, white below.</summary>
    private static SKBitmap Quadrants()
    {
        var bitmap = new SKBitmap(40, 20, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        void Fill(float x, float y, SKColor c) { using var p = new SKPaint { Color = c }; canvas.DrawRect(x, y, 20, 10, p); }
        Fill(0, 0, Red); Fill(20, 0, Green); Fill(0, 10, Blue); Fill(20, 10, SKColors.White);
        return bitmap;
    }

    private static Picture Planned(byte[] bytes, FitSettings settings)
    {
        var read = new PictureFit(settings).ReadBytes(bytes, "test");
        return Assert.IsType<Picture>(read.Value);
    }

    /// <summary>Where an upright pixel comes from in the stored picture (w x h), per the EXIF standard.</summary>
    private static (int X, int Y) Stored(int orientation, int x, int y, int w, int h) => orientation switch
    {
        1 => (x, y),
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        _ => (w - 1 - y, x),
    };

    /// <summary>
    /// The -Fit benchmark found decodes on pool threads cost 12% of the account's limit (they starve the
    /// rows' HTTP continuations until the pool grows): FittingUpload gives each decode a thread of its own.
    /// </summary>
    [Fact]
    public async Task A_decode_runs_on_a_thread_of_its_own_never_on_the_thread_pool()
    {
        using var stored = Quadrants();
        var settings = new FitSettings(null, false);
        var picture = Planned(WithOrientation(JpegOf(stored), 6), settings);
        bool? onPool = null;
        var fitting = new FittingUpload(settings,
            (user, ready, _, _) => Task.FromResult(UserUpdateResult.Failed(user, ZoomOperation.SetPicture, new Results.ZoomFailure("Test", Results.FailureCategory.NotSpecified, "not sent"))),
            (p, s) =>
            {
                onPool = Thread.CurrentThread.IsThreadPoolThread;
                return SkiaFitter.Prepare(p, s);
            });

        await fitting.UploadAsync("a@example.com", picture, new QuietLog(), CancellationToken.None);

        Assert.False(onPool, "the decode ran on a thread-pool thread");
    }

    private sealed class QuietLog : Diagnostics.IOperationLog
    {
        public bool VerboseEnabled => false;
        public bool DebugEnabled => false;
        public void Verbose(string message) { }
        public void Debug(string message) { }
    }

    [Theory]
#pragma warning disable IDE0055 // The eight orientations on one line.
    [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
#pragma warning restore IDE0055
    public void Every_EXIF_orientation_is_turned_upright_in_the_pixels(int orientation)
    {
        using var stored = Quadrants();
        var picture = Planned(WithOrientation(JpegOf(stored), orientation), new FitSettings(null, false));
        Assert.True(picture.Plan!.NeedsPreparing);

        var prepared = Assert.IsType<PreparedPicture>(SkiaFitter.Prepare(picture, new FitSettings(null, false)).Value);

        using var up = Decode(prepared.Picture.Bytes);
        var sideways = orientation >= 5;
        Assert.Equal(sideways ? (20, 40) : (40, 20), (up.Width, up.Height));
        foreach (var (x, y) in new[] { (5, 5), (up.Width - 5, 5), (5, up.Height - 5), (up.Width - 5, up.Height - 5) })
        {
            var (sx, sy) = Stored(orientation, x, y, 40, 20);
            Assert.True(Near(up.GetPixel(x, y), stored.GetPixel(sx, sy)), $"orientation {orientation} at ({x},{y}): {up.GetPixel(x, y)} is not {stored.GetPixel(sx, sy)}");
        }
    }

    [Fact]
    public void A_picture_still_over_2_MB_at_the_longest_side_allowed_shrinks_until_it_fits()
    {
        // 2048 px of noise as JPEG quality 85 is well over 2 MB.
        using var noise = Noise(2600, 2600, opaque: true);
        var png = Encode(noise, SKEncodedImageFormat.Png, 100);
        var settings = new FitSettings(2048, false);

        var prepared = Assert.IsType<PreparedPicture>(SkiaFitter.Prepare(Planned(png, settings), settings).Value);

        Assert.True(prepared.Picture.Bytes.Length <= PictureFormats.MaxBytes);
        using var up = Decode(prepared.Picture.Bytes);
        Assert.True(up.Width < 2048 && up.Width == up.Height, $"{up.Width} x {up.Height}");
        // No smaller than needed: one step (0.8) less would have been within one step of fitting.
        Assert.True(up.Width >= 2048 * 0.8 * 0.8 * 0.8, up.Width.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_plan_names_each_reason_and_none_for_a_compliant_picture()
    {
        using var halves = Halves(300, 100);
        var settings = new FitSettings(200, true);

        Assert.False(Planned(JpegOf(halves), new FitSettings(null, false)).Plan!.NeedsPreparing);
        var plan = Planned(Bmp(halves), settings).Plan!;
        Assert.Equal(new[] { "BMP is not a format Zoom takes", "300 x 100 is larger than -MaxDimension 200", "300 x 100 is not square" }, plan.Reasons);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0 }, "TIFF")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8 }, "TIFF")]
    public void TIFF_is_named_and_refused_before_any_decoder(byte[] header, string name)
    {
        var read = new PictureFit(new FitSettings(null, false)).ReadBytes(header.Concat(new byte[100]).ToArray(), "test");

        Assert.Equal(ErrorIds.PictureFormatNotConvertible, read.Failure!.ErrorId);
        Assert.Contains(name, read.Failure.Message);
    }
}
