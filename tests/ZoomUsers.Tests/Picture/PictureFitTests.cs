using SkiaSharp;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;
using static ZoomUsers.Simulator.Pictures.TestPictures;

namespace ZoomUsers.Tests.Picture;

/// <summary>
/// Set-ZoomUserPicture -Fit through the hosted engine, with real pictures made by the tests; the
/// simulator decodes every upload and refuses one that does not decode as JPEG or PNG.
/// </summary>
public sealed class PictureFitTests : ModuleTest
{
    protected override SimulatorOptions CreateOptions() => new() { DecodePictures = true };

    private string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private PsResult FitOne(string user, byte[] bytes, string extra = "")
    {
        Ps.Set("photo", bytes);
        return Ps.Run($"Set-ZoomUserPicture -UserId {user} -ImageData $photo {extra}");
    }

    private SKBitmap Uploaded(string user)
    {
        var picture = Sim.Users[user].Picture;
        Assert.NotNull(picture);
        Assert.True(picture!.Length <= 2_097_152);
        return Decode(picture);
    }

    [Fact]
    public void A_camera_JPEG_over_2_MB_is_shrunk_to_the_default_longest_side_and_uploaded()
    {
        Ps.Connect(Sim);
        Assert.True(CameraJpeg.Length > 2_097_152);
        var file = Save("camera.jpg", CameraJpeg);

        var r = Ps.Run("Set-ZoomUserPicture -UserId cam@example.com -Path $args[0] -Fit", file);

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.StartsWith($"Prepared from JPEG 4000 x 3000 ({CameraJpeg.Length:N0} bytes) to JPEG 1024 x 768 (", x.Str("Message"));
        Assert.EndsWith("metadata dropped. Picture uploaded.", x.Str("Message"));
        using var up = Uploaded("cam@example.com");
        Assert.Equal((1024, 768), (up.Width, up.Height));
        Assert.Equal("image/jpeg", Sim.Users["cam@example.com"].PictureContentType);
        Assert.Equal("camera.jpg", Sim.Requests.Single(q => q.Method == "POST" && q.Path.EndsWith("/picture", StringComparison.Ordinal)).Parts.Single().FileName);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void A_JPEG_turned_by_its_EXIF_orientation_is_uploaded_upright_in_its_pixels(int orientation)
    {
        Ps.Connect(Sim);
        using var halves = Halves(200, 100); // stored: left red, right blue
        var jpeg = WithOrientation(JpegOf(halves), orientation);

        var r = FitOne("turn@example.com", jpeg, "-Fit");

        r.ThrowIfFailed();
        Assert.Contains("turned upright", Assert.Single(r.Results).Str("Message"));
        using var up = Uploaded("turn@example.com");
        if (orientation == 3)
        {
            // Turned 180 degrees: blue on the left, red on the right.
            Assert.Equal((200, 100), (up.Width, up.Height));
            Assert.True(Near(up.GetPixel(20, 50), Blue), up.GetPixel(20, 50).ToString());
            Assert.True(Near(up.GetPixel(180, 50), Red), up.GetPixel(180, 50).ToString());
        }
        else
        {
            // Turned 90 degrees clockwise: the stored left (red) is now the top.
            Assert.Equal((100, 200), (up.Width, up.Height));
            Assert.True(Near(up.GetPixel(50, 20), Red), up.GetPixel(50, 20).ToString());
            Assert.True(Near(up.GetPixel(50, 180), Blue), up.GetPixel(50, 180).ToString());
        }
        // The upload carries no EXIF: nothing can turn it again.
        Assert.DoesNotContain("Exif", System.Text.Encoding.ASCII.GetString(Sim.Users["turn@example.com"].Picture!));
    }

    public static TheoryData<string> OtherFormats => new() { "GIF", "BMP", "WebP" };

    [Theory]
    [MemberData(nameof(OtherFormats))]
    public void GIF_BMP_and_WebP_are_converted_to_JPEG_with_their_pixels(string format)
    {
        Ps.Connect(Sim);
        using var halves = Halves(64, 32);
        var bytes = format switch
        {
            "GIF" => Gif(halves),
            "BMP" => Bmp(halves),
            _ => Encode(halves, SKEncodedImageFormat.Webp, 90),
        };
        var file = Save("old." + format.ToLowerInvariant(), bytes);

        var r = Ps.Run("Set-ZoomUserPicture -UserId conv@example.com -Path $args[0] -Fit", file);

        r.ThrowIfFailed();
        Assert.StartsWith($"Prepared from {format} 64 x 32", Assert.Single(r.Results).Str("Message"));
        Assert.Equal("image/jpeg", Sim.Users["conv@example.com"].PictureContentType);
        using var up = Uploaded("conv@example.com");
        Assert.Equal((64, 32), (up.Width, up.Height));
        Assert.True(Near(up.GetPixel(8, 16), Red), up.GetPixel(8, 16).ToString());
        Assert.True(Near(up.GetPixel(56, 16), Blue), up.GetPixel(56, 16).ToString());
    }

    [Fact]
    public void An_RGBA_PNG_over_2_MB_becomes_a_JPEG_whose_transparency_is_white()
    {
        Ps.Connect(Sim);
        var png = LargeTransparentPng();
        Assert.True(png.Length > 2_097_152);

        var r = FitOne("alpha@example.com", png, "-Fit");

        r.ThrowIfFailed();
        Assert.StartsWith("Prepared from PNG 1200 x 1200", Assert.Single(r.Results).Str("Message"));
        using var up = Uploaded("alpha@example.com");
        Assert.Equal((1024, 1024), (up.Width, up.Height));
        Assert.True(Near(up.GetPixel(100, 100), SKColors.White), up.GetPixel(100, 100).ToString());
    }

    [Fact]
    public void Compliant_JPEG_and_PNG_upload_byte_for_byte_even_with_Fit()
    {
        Ps.Connect(Sim);
        using var halves = Halves(300, 200);
        var jpeg = JpegOf(halves);
        var png = Encode(halves, SKEncodedImageFormat.Png, 100);
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" },
            new[] { "jpeg@example.com", Save("a.jpg", jpeg) }, new[] { "png@example.com", Save("b.png", png) });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -Fit", csv);

        r.ThrowIfFailed();
        Assert.All(r.Results, x => Assert.Equal("Picture uploaded.", x.Str("Message")));
        Assert.Equal(jpeg, Sim.Users["jpeg@example.com"].Picture);
        Assert.Equal(png, Sim.Users["png@example.com"].Picture);
    }

    [Fact]
    public void MaxDimension_shrinks_only_what_exceeds_it_and_implies_Fit()
    {
        Ps.Connect(Sim);
        using var big = Halves(400, 300);
        using var small = Halves(80, 60);
        var smallJpeg = JpegOf(small);
        Ps.Set("big", JpegOf(big));
        Ps.Set("small", smallJpeg);

        var r = Ps.Run("Set-ZoomUserPicture -UserId big@example.com -ImageData $big -MaxDimension 100; Set-ZoomUserPicture -UserId small@example.com -ImageData $small -MaxDimension 100");

        r.ThrowIfFailed();
        using var up = Uploaded("big@example.com");
        Assert.Equal((100, 75), (up.Width, up.Height));
        Assert.Equal(smallJpeg, Sim.Users["small@example.com"].Picture);
    }

    [Fact]
    public void Square_crops_a_centred_square_and_implies_Fit()
    {
        Ps.Connect(Sim);
        using var wide = Halves(400, 200); // red | blue: a centred square keeps both halves

        var r = FitOne("sq@example.com", JpegOf(wide), "-Square");

        r.ThrowIfFailed();
        Assert.Contains("cropped to a centred square", Assert.Single(r.Results).Str("Message"));
        using var up = Uploaded("sq@example.com");
        Assert.Equal((200, 200), (up.Width, up.Height));
        Assert.True(Near(up.GetPixel(20, 100), Red));
        Assert.True(Near(up.GetPixel(180, 100), Blue));
    }

    [Fact]
    public void A_fit_row_that_goes_round_again_is_prepared_again_and_succeeds_with_its_prepared_picture()
    {
        // -MaxRetryCount 3: four 503s spend the unlucky row's retries; twelve lucky rows make it a bad day, not an outage.
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -MaxRetryCount 3 -RetryBaseDelayMs 20");
        using var halves = Halves(200, 100); // stored: left red, right blue
        var sideways = Save("sideways.jpg", WithOrientation(JpegOf(halves), 6));
        var users = Enumerable.Range(1, 12).Select(i => $"u{i}@example.com").Append("unlucky@example.com").ToList();
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" }, users.Select(u => new[] { u, sideways }).ToArray());
        Sim.Script("unlucky@example.com", SimFault.Status503, SimFault.Status503, SimFault.Status503, SimFault.Status503);

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -Fit", csv);

        r.ThrowIfFailed();
        Assert.Equal(users.Count, r.Results.Count);
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        var unlucky = r.Results.Single(x => x.Str("UserId") == "unlucky@example.com").Str("Message")!;
        Assert.Contains("turned upright", unlucky, StringComparison.Ordinal);
        Assert.Contains("Tried again at the end of the run: the first 4 attempts met transient faults only", unlucky, StringComparison.Ordinal);
        using var up = Uploaded("unlucky@example.com");
        Assert.Equal((100, 200), (up.Width, up.Height));
        Assert.Equal(Sim.Users["u1@example.com"].Picture, Sim.Users["unlucky@example.com"].Picture);
    }

    [Fact]
    public void A_corrupt_file_a_HEIC_and_a_decompression_bomb_fail_alone_with_their_own_ErrorIds()
    {
        Ps.Connect(Sim);
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" },
            new[] { "corrupt@example.com", Save("corrupt.jpg", Jpeg(5000)) },
            new[] { "heic@example.com", Save("iphone.heic", HeicHeader()) },
            new[] { "bomb@example.com", Save("bomb.png", PngDeclaring(30000, 30000)) },
            new[] { "good@example.com", Save("good.gif", Gif(Halves(32, 32))) });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -Fit", csv);

        Assert.Null(r.Terminating);
        Assert.Equal(4, r.Results.Count);
        string Id(string user) => r.Results.Single(x => x.Str("UserId") == user).Str("ErrorId")!;
        Assert.Equal("PictureUndecodable", Id("corrupt@example.com"));
        Assert.Equal("PictureFormatNotConvertible", Id("heic@example.com"));
        Assert.Contains("HEIC", r.Results.Single(x => x.Str("UserId") == "heic@example.com").Str("Message"));
        Assert.Equal("PictureTooManyPixels", Id("bomb@example.com"));
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == "good@example.com").Str("Status"));
        Assert.Equal(3, r.Errors.Count);
        Assert.Equal(new[] { "good@example.com" }, Sim.Requests.Where(q => q.Method == "POST" && q.Path.EndsWith("/picture", StringComparison.Ordinal)).Select(q => q.UserId));
    }

    [Fact]
    public void A_bomb_is_refused_by_its_header_even_when_its_bytes_would_pass()
    {
        Ps.Connect(Sim);
        var bomb = PngDeclaring(30000, 30000);
        Assert.True(bomb.Length < 2_097_152);

        var r = FitOne("bomb@example.com", bomb, "-Fit");

        var x = Assert.Single(r.Results);
        Assert.Equal("PictureTooManyPixels", x.Str("ErrorId"));
        Assert.Contains("30,000 x 30,000", x.Str("Message"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void With_StatePath_an_unchanged_source_is_skipped_and_the_digest_is_of_the_source_bytes()
    {
        Ps.Connect(Sim);
        var state = Path.Combine(TempDir, "pictures.state");
        var file = Save("camera.jpg", CameraJpeg);
        Ps.Run("Set-ZoomUserPicture -UserId cam@example.com -Path $args[0] -Fit -StatePath $args[1]", file, state).ThrowIfFailed();
        Assert.Contains(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(CameraJpeg)).ToLowerInvariant(), File.ReadAllText(state));
        Sim.ClearRequests();

        var r = Ps.Run("Set-ZoomUserPicture -UserId cam@example.com -Path $args[0] -Fit -StatePath $args[1]", file, state);

        r.ThrowIfFailed();
        Assert.Equal("Skipped", Assert.Single(r.Results).Str("Status"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    /// <summary>
    /// The state remembers the settings a picture went up under: a change uploads exactly the pictures
    /// it changes, once, and the next run skips again, with -Fit or without.
    /// </summary>
    [Fact]
    public void With_StatePath_changed_Fit_settings_upload_each_picture_they_change_once()
    {
        Ps.Connect(Sim);
        var state = Path.Combine(TempDir, "pictures.state");
        using var mid = Halves(300, 300);
        using var small = Halves(100, 100);
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" },
            new[] { "cam@example.com", Save("camera.jpg", CameraJpeg) },
            new[] { "mid@example.com", Save("mid.jpg", JpegOf(mid)) },
            new[] { "small@example.com", Save("small.jpg", JpegOf(small)) });
        string Statuses(string parameters)
        {
            Sim.ClearRequests();
            var r = Ps.Run($"Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1] {parameters}", csv, state);
            return string.Join(", ", r.Results.OrderBy(x => x.Str("UserId")).Select(x => $"{x.Str("UserId")!.Split('@')[0]} {x.Str("Status")}"));
        }

        Assert.Equal("cam Succeeded, mid Succeeded, small Succeeded", Statuses("-Fit -MaxDimension 512"));
        Assert.Equal("cam Skipped, mid Skipped, small Skipped", Statuses("-Fit -MaxDimension 512"));
        // 256: the camera photo is prepared anew and the 300 x 300 one is now shrunk; the 100 x 100 one still goes up as it is.
        Assert.Equal("cam Succeeded, mid Succeeded, small Skipped", Statuses("-Fit -MaxDimension 256"));
        using (var up = Uploaded("mid@example.com")) Assert.Equal((256, 256), (up.Width, up.Height));
        Assert.Equal("cam Skipped, mid Skipped, small Skipped", Statuses("-Fit -MaxDimension 256"));
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Contains("\"fit\":\"-Fit -MaxDimension 256\",\"prepared\":true", File.ReadAllText(state));
        // Without -Fit: the shrunk one goes up as it is again; the one sent as it is all along is skipped.
        Assert.Equal("cam Failed, mid Succeeded, small Skipped", Statuses(""));
        Assert.Equal(File.ReadAllBytes(Path.Combine(TempDir, "mid.jpg")), Sim.Users["mid@example.com"].Picture);
        Assert.Equal("cam Failed, mid Skipped, small Skipped", Statuses(""));
    }

    [Fact]
    public void WhatIf_says_which_rows_would_be_prepared_and_why_from_the_header()
    {
        Ps.Connect(Sim);
        using var halves = Halves(200, 100);
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" },
            new[] { "cam@example.com", Save("camera.jpg", CameraJpeg) },
            new[] { "turn@example.com", Save("turn.jpg", WithOrientation(JpegOf(halves), 6)) },
            new[] { "gif@example.com", Save("old.gif", Gif(halves)) },
            new[] { "ok@example.com", Save("ok.jpg", JpegOf(halves)) });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -Fit -WhatIf", csv);

        r.ThrowIfFailed();
        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        var lines = Ps.Host.Recorder.WhatIfLines.ToList();
        Assert.Contains(lines, l => l.Contains("cam@example.com") && l.Contains("prepared first (JPEG 4000 x 3000:") && l.Contains("over Zoom's 2 MB"));
        Assert.Contains(lines, l => l.Contains("turn@example.com") && l.Contains("EXIF orientation (6)"));
        Assert.Contains(lines, l => l.Contains("gif@example.com") && l.Contains("GIF is not a format Zoom takes"));
        Assert.Contains(lines, l => l.Contains("ok@example.com") && l.Contains("\"Set profile picture\""));
    }

    [Fact]
    public void Without_Fit_behaviour_is_unchanged()
    {
        Ps.Connect(Sim);
        var r = FitOne("cam@example.com", CameraJpeg);

        Assert.Equal("PictureTooLarge", Assert.Single(r.Results).Str("ErrorId"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }
}
