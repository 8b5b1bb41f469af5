using SkiaSharp;
using ZoomUsers.Fitting;
using ZoomUsers.Fitting.Headers;
using ZoomUsers.Validation;
using static ZoomUsers.Simulator.Pictures.TestPictures;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// -Fit's managed header reader: it says what Skia's codec says, for every format and orientation;
/// damaged pictures (the tests' own, truncated and bit-flipped) give null or a header, never an
/// exception or a large allocation; and a picture to prepare holds no bytes of its file.
/// </summary>
public sealed class PictureHeaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zoomusers-header").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HeaderInfo? Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return PictureHeader.Read(stream);
    }

    /// <summary>The pictures the tests make, one of each format -Fit reads.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Pictures()
    {
        using var halves = Halves(60, 40);
        yield return ("JPEG", JpegOf(halves));
        yield return ("PNG", Encode(halves, SKEncodedImageFormat.Png, 100));
        yield return ("WebP", Encode(halves, SKEncodedImageFormat.Webp, 90));
        yield return ("GIF", Gif(halves));
        yield return ("BMP", Bmp(halves));
        for (var o = 2; o <= 8; o++) yield return ($"JPEG turned {o}", WithOrientation(JpegOf(halves), o));
    }

    public static TheoryData<string> PictureNames => new(Pictures().Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PictureNames))]
    public void The_header_says_what_Skias_codec_says(string name)
    {
        var bytes = Pictures().Single(p => p.Name == name).Bytes;
        using var codec = SKCodec.Create(new MemoryStream(bytes));

        var header = Read(bytes);

        Assert.NotNull(header);
        Assert.Equal(name.Split(' ')[0], header!.Value.FormatName);
        Assert.Equal((codec.Info.Width, codec.Info.Height), (header.Value.Width, header.Value.Height));
        Assert.Equal((int)codec.EncodedOrigin, header.Value.Orientation);
    }

    /// <summary>
    /// Every truncation (at every length up to 600 bytes, then every 97th) and 2,000 single and
    /// multiple bit flips of each picture: the reader returns, with null or a header, and throws nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(PictureNames))]
    public void Truncated_and_bit_flipped_pictures_give_null_or_a_header_and_never_throw(string name)
    {
        var bytes = Pictures().Single(p => p.Name == name).Bytes;
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) ^ 26);
        var cases = new List<byte[]>();
        for (var length = 0; length < bytes.Length; length += length < 600 ? 1 : 97) cases.Add(bytes[..length]);
        for (var i = 0; i < 2000; i++)
        {
            var flipped = (byte[])bytes.Clone();
            // Mostly in the first bytes, where the headers are.
            var span = i % 4 == 0 ? flipped.Length : Math.Min(flipped.Length, 256);
            for (var f = 0; f <= i % 3; f++) flipped[random.Next(span)] ^= (byte)(1 << random.Next(8));
            cases.Add(flipped);
        }

        foreach (var damaged in cases)
        {
            var header = Read(damaged);
            if (header is HeaderInfo h) Assert.True(h.Width > 0 && h.Height > 0 && h.Orientation is >= 1 and <= 8, $"{name}: {h.Width} x {h.Height}, orientation {h.Orientation}");
        }
    }

    /// <summary>A 100-byte WebP and GIF whose chunk claims 2 GB: refused without allocating it.</summary>
    [Fact]
    public void A_chunk_that_claims_more_bytes_than_the_file_has_is_refused_before_it_is_allocated()
    {
        var webp = new byte[100];
        "RIFF"u8.CopyTo(webp);
        BitConverter.GetBytes(int.MaxValue - 16).CopyTo(webp, 4);
        "WEBPVP8 "u8.CopyTo(webp.AsSpan(8));
        BitConverter.GetBytes(int.MaxValue - 64).CopyTo(webp, 16);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var header = Read(webp);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(header);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated to read a 100-byte file");
    }

    [Fact]
    public void A_picture_file_holds_no_bytes_whether_it_is_prepared_or_sent_as_it_is()
    {
        using var halves = Halves(60, 40);
        var camera = Path.Combine(_dir, "camera.jpg");
        File.WriteAllBytes(camera, CameraJpeg);
        var turned = Path.Combine(_dir, "turned.jpg");
        File.WriteAllBytes(turned, WithOrientation(JpegOf(halves), 6));
        var compliant = Path.Combine(_dir, "ok.jpg");
        File.WriteAllBytes(compliant, JpegOf(halves));
        var fit = new PictureFit(new FitSettings(null, false));

        foreach (var path in new[] { camera, turned })
        {
            var picture = Assert.IsType<Picture>(fit.ReadFile(path).Value);
            Assert.True(picture.Plan!.NeedsPreparing);
            Assert.Null(picture.Plan.Source.HeldBytes);
            Assert.Equal(path, picture.Plan.Source.FilePath);
            Assert.Throws<InvalidOperationException>(() => picture.Bytes);
        }
        var ok = Assert.IsType<Picture>(fit.ReadFile(compliant).Value);
        Assert.False(ok.Plan!.NeedsPreparing);
        Assert.Throws<InvalidOperationException>(() => ok.Bytes);
        Assert.Equal(compliant, ok.File!.FullPath);
        using var sent = new MemoryStream();
        using (var stream = ok.OpenRead()) stream.CopyTo(sent);
        Assert.Equal(File.ReadAllBytes(compliant), sent.ToArray());
    }

    [Fact]
    public void A_file_replaced_after_its_header_was_read_fails_its_row_when_it_is_prepared()
    {
        var camera = Path.Combine(_dir, "camera.jpg");
        File.WriteAllBytes(camera, CameraJpeg);
        var picture = Assert.IsType<Picture>(new PictureFit(new FitSettings(null, false)).ReadFile(camera).Value);
        File.WriteAllBytes(camera, CameraJpeg[..(CameraJpeg.Length / 2)]);

        var ex = Assert.Throws<PictureFileException>(() => picture.Plan!.Source.OpenToDecode());
        Assert.Equal("PictureChangedDuringRun", ex.ErrorId);
        Assert.Contains("changed after it was checked", ex.Message);
    }
}
