using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace ZoomUsers.Simulator.Pictures;

/// <summary>
/// Real pictures for -Fit's tests and for the standalone simulator's make-pictures (build.ps1 -Task Try), made here with SkiaSharp (JPEG, PNG, WebP encoders) and by hand
/// where Skia has no encoder (GIF, BMP) or a test needs a header to lie (EXIF orientation, a bomb).
/// </summary>
public static class TestPictures
{
    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Blue = new(0, 0, 255);

    /// <summary>A camera-size JPEG (4000 x 3000 of noise) well over 2 MB. Made once per test run.</summary>
    public static byte[] CameraJpeg => Camera.Value;
    private static readonly Lazy<byte[]> Camera = new(() => Encode(Noise(4000, 3000, opaque: true), SKEncodedImageFormat.Jpeg, 90));

    /// <summary>Stored as left half red, right half blue.</summary>
    public static SKBitmap Halves(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        using var red = new SKPaint { Color = Red };
        using var blue = new SKPaint { Color = Blue };
        canvas.DrawRect(0, 0, width / 2f, height, red);
        canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        return bitmap;
    }

    public static SKBitmap Noise(int width, int height, bool opaque)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        var pixels = new byte[width * height * 4];
        new Random(width * 31 + height).NextBytes(pixels);
        if (opaque)
            for (var i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    /// <summary>An RGBA PNG over 2 MB whose top-left quarter is fully transparent.</summary>
    public static byte[] LargeTransparentPng()
    {
        using var bitmap = Noise(1200, 1200, opaque: false);
        for (var y = 0; y < 600; y++)
            for (var x = 0; x < 600; x++)
                bitmap.SetPixel(x, y, SKColors.Transparent);
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] JpegOf(SKBitmap bitmap) => Encode(bitmap, SKEncodedImageFormat.Jpeg, 95);

    /// <summary>An 8 x 8 JPEG of noise: the smallest picture a row can send, beside which memory runs measure large ones.</summary>
    public static byte[] TinyJpeg()
    {
        using var bitmap = Noise(8, 8, opaque: true);
        return JpegOf(bitmap);
    }

    /// <summary>
    /// 2 MiB of seeded random bytes behind a JPEG signature: what a file row without -Fit sends as it
    /// is (only the signature is checked), at the size Zoom accepts at most.
    /// </summary>
    public static byte[] TwoMiBJpegSigned()
    {
        var bytes = new byte[2 * 1024 * 1024];
        new Random(2).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }

    /// <summary>A JPEG with an EXIF APP1 segment right after SOI that holds only the orientation tag.</summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        var tiff = new byte[26];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);        // first IFD
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);        // one entry
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);  // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);       // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);       // count
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), (ushort)orientation);
        // next IFD offset 0 (bytes 22..25)
        var app1 = new List<byte> { 0xFF, 0xE1 };
        var length = 2 + 6 + tiff.Length;
        app1.Add((byte)(length >> 8));
        app1.Add((byte)length);
        app1.AddRange("Exif\0\0"u8.ToArray());
        app1.AddRange(tiff);
        return jpeg.Take(2).Concat(app1).Concat(jpeg.Skip(2)).ToArray();
    }

    /// <summary>A 24-bit BMP, bottom-up rows, as old HR systems export.</summary>
    public static byte[] Bmp(SKBitmap bitmap)
    {
        int w = bitmap.Width, h = bitmap.Height, stride = (w * 3 + 3) & ~3;
        var bytes = new byte[54 + stride * h];
        bytes[0] = (byte)'B'; bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), h);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var c = bitmap.GetPixel(x, h - 1 - y);
                var at = 54 + y * stride + x * 3;
                bytes[at] = c.Blue; bytes[at + 1] = c.Green; bytes[at + 2] = c.Red;
            }
        return bytes;
    }

    /// <summary>
    /// A GIF of a red/blue picture with a two-colour palette. LZW without compression: a clear code
    /// every two pixels keeps every code 3 bits wide, which any decoder reads.
    /// </summary>
    public static byte[] Gif(SKBitmap bitmap)
    {
        var output = new List<byte>();
        output.AddRange("GIF89a"u8.ToArray());
        output.AddRange(BitConverter.GetBytes((ushort)bitmap.Width));
        output.AddRange(BitConverter.GetBytes((ushort)bitmap.Height));
        output.AddRange(new byte[] { 0x80, 0, 0 });                   // global table of 2 colours
        output.AddRange(new byte[] { 255, 0, 0, 0, 0, 255 });         // red, blue
        output.Add(0x2C);                                              // image descriptor
        output.AddRange(new byte[] { 0, 0, 0, 0 });
        output.AddRange(BitConverter.GetBytes((ushort)bitmap.Width));
        output.AddRange(BitConverter.GetBytes((ushort)bitmap.Height));
        output.Add(0);
        output.Add(2);                                                 // LZW minimum code size
        const int clear = 4, end = 5;
        var codes = new List<int>();
        var n = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (n++ % 2 == 0) codes.Add(clear);
                codes.Add(bitmap.GetPixel(x, y).Blue > 127 ? 1 : 0);
            }
        codes.Add(end);
        var packed = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var code in codes)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8) { packed.Add((byte)buffer); buffer >>= 8; bits -= 8; }
        }
        if (bits > 0) packed.Add((byte)buffer);
        for (var i = 0; i < packed.Count; i += 255)
        {
            var size = Math.Min(255, packed.Count - i);
            output.Add((byte)size);
            output.AddRange(packed.GetRange(i, size));
        }
        output.Add(0);
        output.Add(0x3B);
        return output.ToArray();
    }

    /// <summary>A small, valid PNG whose IHDR (CRC fixed) declares width x height: a decompression bomb's header.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        using var small = Halves(8, 8);
        var png = Encode(small, SKEncodedImageFormat.Png, 100);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>The first bytes of an iPhone HEIC: a size, "ftyp" and the brand "heic".</summary>
    public static byte[] HeicHeader() =>
        new byte[] { 0, 0, 0, 0x18 }.Concat(Encoding.ASCII.GetBytes("ftypheic\0\0\0\0mif1heic")).Concat(new byte[4000]).ToArray();

    public static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("The uploaded picture does not decode.");

    /// <summary>True when the colour is near the expected one (JPEG is lossy).</summary>
    public static bool Near(SKColor actual, SKColor expected) =>
        Math.Abs(actual.Red - expected.Red) < 40 && Math.Abs(actual.Green - expected.Green) < 40 && Math.Abs(actual.Blue - expected.Blue) < 40;

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
