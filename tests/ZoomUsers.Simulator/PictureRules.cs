using SkiaSharp;

namespace ZoomUsers.Simulator;

/// <summary>
/// What Zoom accepts as a profile picture. Whether Zoom sniffs bytes or trusts the part's type is
/// unconfirmed; the simulator sniffs, the stricter choice, so a client that trusts file names fails here.
/// </summary>
internal static class PictureRules
{
    public const int MaxBytes = 2_097_152;
    public const string FilePartName = "pic_file";

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <returns>The 400 answer (code 120), or null with the sniffed media type set.</returns>
    public static (int Code, string Message)? Check(RecordedPart? file, out string sniffedType)
    {
        sniffedType = "";
        if (file is null)
            return (120, "No file uploaded.");
        if (file.Data.Length == 0)
            return (120, "File is empty.");
        if (file.Data.Length > MaxBytes)
            return (120, "File size cannot exceed 2M.");
        var type = Sniff(file.Data);
        if (type is null)
            return (120, "Only jpg, jpeg and png files are supported.");
        sniffedType = type;
        return null;
    }

    /// <summary>With <see cref="SimulatorOptions.DecodePictures"/>: the bytes decode whole, as JPEG or PNG.</summary>
    public static (int Code, string Message)? CheckDecodes(byte[] data)
    {
        using var codec = SKCodec.Create(new MemoryStream(data));
        if (codec is null || (codec.EncodedFormat != SKEncodedImageFormat.Jpeg && codec.EncodedFormat != SKEncodedImageFormat.Png))
            return (120, "Only jpg, jpeg and png files are supported.");
        using var bitmap = new SKBitmap(codec.Info.Width, codec.Info.Height);
        return codec.GetPixels(bitmap.Info, bitmap.GetPixels()) == SKCodecResult.Success ? null : (120, "The picture could not be read.");
    }

    public static string? Sniff(ReadOnlySpan<byte> data) =>
        data.StartsWith(JpegMagic) ? "image/jpeg"
        : data.StartsWith(PngMagic) ? "image/png"
        : null;
}
