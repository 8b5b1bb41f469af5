using System.Buffers.Binary;
using System.Text;
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

    /// <summary>
    /// The pictures the tests make, one of each format -Fit reads, and the variants a header reader
    /// must tell apart: WebP's three first chunks (lossy VP8, lossless VP8L, extended VP8X), a
    /// top-down BMP, and EXIF orientations.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Pictures()
    {
        using var halves = Halves(60, 40);
        yield return ("JPEG", JpegOf(halves));
        yield return ("PNG", Encode(halves, SKEncodedImageFormat.Png, 100));
        yield return ("WebP", Encode(halves, SKEncodedImageFormat.Webp, 90));
        yield return ("WebP with upscaling bits", WithUpscalingBits(Encode(halves, SKEncodedImageFormat.Webp, 90)));
        yield return ("WebP lossless", Encode(halves, SKEncodedImageFormat.Webp, 100));
        yield return ("WebP with alpha", TranslucentWebP(60, 40));
        yield return ("WebP turned 6", WebPWithOrientation(TranslucentWebP(60, 40), 6));
        yield return ("GIF", Gif(halves));
        yield return ("BMP", Bmp(halves));
        yield return ("BMP top-down", BmpDeclaring(Bmp(halves), 60, -40));
        for (var o = 2; o <= 8; o++) yield return ($"JPEG turned {o}", WithOrientation(JpegOf(halves), o));
    }

    /// <summary>
    /// A lossy WebP whose frame header asks for upscaling (the top two bits of its 16-bit width and
    /// height, RFC 6386 9.1): a display hint, no part of the stored size.
    /// </summary>
    private static byte[] WithUpscalingBits(byte[] lossyWebP)
    {
        Assert.Equal("VP8 ", Encoding.ASCII.GetString(lossyWebP, 12, 4));
        var copy = (byte[])lossyWebP.Clone();
        copy[20 + 7] |= 0xC0; // width's high byte
        copy[20 + 9] |= 0x40; // height's high byte
        return copy;
    }

    /// <summary>A lossy WebP with an alpha channel: an extended WebP (VP8X, then ALPH and VP8).</summary>
    private static byte[] TranslucentWebP(int width, int height)
    {
        using var noise = Noise(width, height, opaque: false);
        var webp = Encode(noise, SKEncodedImageFormat.Webp, 90);
        Assert.Equal("VP8X", Encoding.ASCII.GetString(webp, 12, 4));
        return webp;
    }

    /// <summary>
    /// An extended WebP given an EXIF chunk (after the image data, where the format puts it) holding
    /// only the orientation tag, and the VP8X flag that says it is there.
    /// </summary>
    private static byte[] WebPWithOrientation(byte[] extendedWebP, int orientation)
    {
        var tiff = WithOrientation(new byte[] { 0xFF, 0xD8 }, orientation)[12..]; // the APP1's TIFF structure, after "Exif\0\0"
        var exif = new byte[8 + tiff.Length + (tiff.Length & 1)];
        "EXIF"u8.CopyTo(exif);
        BinaryPrimitives.WriteUInt32LittleEndian(exif.AsSpan(4), (uint)tiff.Length);
        tiff.CopyTo(exif, 8);
        var webp = extendedWebP.Concat(exif).ToArray();
        webp[20] |= 0x08; // VP8X flags: EXIF present
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(4), (uint)(webp.Length - 8));
        return webp;
    }

    /// <summary>The BMP with its stored width and height replaced.</summary>
    private static byte[] BmpDeclaring(byte[] bmp, int width, int height)
    {
        var copy = (byte[])bmp.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(22), height);
        return copy;
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

    /// <summary>
    /// A 100-byte WebP whose image chunk claims 2 GB, and a WebP whose EXIF chunk (the one chunk
    /// read whole) claims 2 GB: refused without allocating it. (A GIF cannot claim so much: its
    /// blocks' lengths are single bytes.)
    /// </summary>
    [Fact]
    public void A_chunk_that_claims_more_bytes_than_the_file_has_is_refused_before_it_is_allocated()
    {
        var webp = new byte[100];
        "RIFF"u8.CopyTo(webp);
        BitConverter.GetBytes(int.MaxValue - 16).CopyTo(webp, 4);
        "WEBPVP8 "u8.CopyTo(webp.AsSpan(8));
        BitConverter.GetBytes(int.MaxValue - 64).CopyTo(webp, 16);
        var exif = WebPWithOrientation(TranslucentWebP(60, 40), 6);
        BinaryPrimitives.WriteInt32LittleEndian(exif.AsSpan(exif.Length - 34 + 4), int.MaxValue - 64); // the EXIF chunk's size

        foreach (var bytes in new[] { webp, exif })
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var header = Read(bytes);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Null(header);
            Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated to read a {bytes.Length:N0}-byte file");
        }
    }

    /// <summary>
    /// PNG's sides are unsigned 31-bit numbers, never zero: a zero side, or one that reads negative as a
    /// 32-bit integer, is damage (BMP's rule, where a negative height means top-down, is not PNG's).
    /// </summary>
    [Theory]
    [InlineData(60, 0)]
    [InlineData(0, 40)]
    [InlineData(60, -40)]
    [InlineData(-60, 40)]
    [InlineData(60, int.MinValue)]
    public void A_PNG_with_a_zero_or_negative_side_is_damaged(int width, int height) =>
        Assert.Null(Read(PngDeclaring(width, height)));

    /// <summary>A BMP's negative height says its rows are stored top-down (BMP top-down above reads as Skia reads it); a zero side or negative width is damage.</summary>
    [Theory]
    [InlineData(60, 0)]
    [InlineData(0, 40)]
    [InlineData(-60, 40)]
    [InlineData(-60, -40)]
    [InlineData(60, int.MinValue)]
    public void A_BMP_with_a_zero_side_or_a_negative_width_is_damaged(int width, int height)
    {
        using var halves = Halves(60, 40);
        Assert.Null(Read(BmpDeclaring(Bmp(halves), width, height)));
    }

    /// <summary>
    /// Only what a damaged picture makes the reader throw means "damaged"; anything else (here, a
    /// stream that fails in a way no picture can make it) is a fault to hear about, not a null.
    /// </summary>
    [Theory]
    [InlineData(typeof(IndexOutOfRangeException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(InvalidOperationException))]
    public void A_fault_that_no_picture_can_cause_is_not_taken_for_damage(Type fault)
    {
        using var halves = Halves(60, 40);
        foreach (var bytes in new[] { JpegOf(halves), Gif(halves), Bmp(halves) })
        {
            using var stream = new ProbeStream(bytes) { Fault = (Exception)Activator.CreateInstance(fault)! };
            Assert.Throws(fault, () => PictureHeader.Read(stream));
        }
    }

    /// <summary>A stream may return fewer bytes than asked for (a network share's, a pipe's): the header read from one that gives a byte at a time is the same.</summary>
    [Theory]
    [MemberData(nameof(PictureNames))]
    public void A_stream_that_returns_a_byte_per_read_gives_the_same_header(string name)
    {
        var bytes = Pictures().Single(p => p.Name == name).Bytes;
        using var trickle = new ProbeStream(bytes) { MaxPerRead = 1 };

        var header = PictureHeader.Read(trickle);

        Assert.NotNull(header);
        Assert.Equal(Read(bytes), header);
    }

    [Fact]
    public void ReadUpTo_reads_until_the_count_or_the_end_whatever_each_read_returns()
    {
        var bytes = Enumerable.Range(1, 40).Select(i => (byte)i).ToArray();

        Assert.Equal(bytes[..16], StreamBytes.ReadUpTo(new ProbeStream(bytes) { MaxPerRead = 3 }, 16));
        Assert.Equal(bytes, StreamBytes.ReadUpTo(new ProbeStream(bytes) { MaxPerRead = 1 }, 64));
        Assert.Empty(StreamBytes.ReadUpTo(new ProbeStream(Array.Empty<byte>()), 16));
    }

    /// <summary>
    /// A WebP's size is read from its first chunk (VP8, VP8L or VP8X), its orientation from its EXIF
    /// chunk alone: never the image data, however large (here a 600 x 400 picture of noise).
    /// </summary>
    [Theory]
    [InlineData(90, false, false)]
    [InlineData(100, false, false)]
    [InlineData(90, true, false)]
    [InlineData(90, true, true)]
    public void A_WebP_header_is_read_from_its_first_chunks_and_never_its_image_data(int quality, bool alpha, bool exif)
    {
        using var noise = Noise(600, 400, opaque: !alpha);
        var webp = Encode(noise, SKEncodedImageFormat.Webp, quality);
        if (exif) webp = WebPWithOrientation(webp, 6);
        using var stream = new ProbeStream(webp);

        var header = PictureHeader.Read(stream);

        Assert.Equal((600, 400, exif ? 6 : 1), (header!.Value.Width, header.Value.Height, header.Value.Orientation));
        Assert.True(stream.BytesRead <= 256, $"{stream.BytesRead:N0} of {webp.Length:N0} bytes read");
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

    /// <summary>
    /// A picture's bytes as a seekable stream that may return fewer bytes per read than asked for,
    /// counts the bytes it returns, and can fail every read with a given exception.
    /// </summary>
    private sealed class ProbeStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public int MaxPerRead { get; init; } = int.MaxValue;
        public Exception? Fault { get; init; }
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Fault != null) throw Fault;
            var read = base.Read(buffer, offset, Math.Min(count, MaxPerRead));
            BytesRead += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsSpan(0, read).CopyTo(buffer);
            return read;
        }

        public override int ReadByte()
        {
            var one = new byte[1];
            return Read(one, 0, 1) == 1 ? one[0] : -1;
        }
    }
}
