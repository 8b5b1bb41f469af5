using System.Globalization;
using SkiaSharp;
using ZoomUsers.Simulator.Pictures;

namespace ZoomUsers.Simulator.Standalone;

/// <summary>
/// The pictures of an admin's first day, for build.ps1 -Task Try (dotnet ZoomUsers.Simulator.dll
/// make-pictures FOLDER): made in-process with the tests' own picture helper, so trying the module
/// needs no image tool and no network.
/// </summary>
public static class SamplePictures
{
    public const string Usage = """
        Usage: dotnet run --project tests/ZoomUsers.Simulator -- make-pictures <folder> [--small <n>]

        Writes sample profile pictures into <folder> (created when missing):
          small-001.jpg, small-002.png, ...  n small pictures (default 195), JPEG and PNG in turn, each its own colour
          camera.jpg                          a 4000 x 3000 camera JPEG, over Zoom's 2 MB
          sideways.jpg                        a JPEG stored sideways with EXIF orientation 6 (shown upright)
          badge.gif                           a GIF
        """;

    /// <summary>Reads the arguments after "make-pictures", writes the pictures and lists them; the process's exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string? folder = null;
        var small = 195;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h" or "-?")
            {
                output.WriteLine(Usage);
                return 0;
            }
            if (args[i] == "--small" && i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 9999)
                (small, i) = (n, i + 1);
            else if (folder == null && !args[i].StartsWith("--", StringComparison.Ordinal))
                folder = args[i];
            else
            {
                error.WriteLine($"make-pictures: unexpected '{args[i]}'.");
                error.WriteLine(Usage);
                return 2;
            }
        }
        if (folder == null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        foreach (var path in Write(folder, small))
            output.WriteLine($"{path} ({new FileInfo(path).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        return 0;
    }

    /// <summary>Writes the pictures Usage lists; returns their full paths.</summary>
    public static IReadOnlyList<string> Write(string folder, int small)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        void Save(string name, byte[] bytes)
        {
            var path = Path.GetFullPath(Path.Combine(folder, name));
            File.WriteAllBytes(path, bytes);
            written.Add(path);
        }

        for (var i = 1; i <= small; i++)
        {
            using var bitmap = new SKBitmap(64, 64, SKColorType.Rgba8888, SKAlphaType.Opaque);
            bitmap.Erase(new SKColor((byte)(i * 37), (byte)(i * 91), (byte)(i * 53)));
            var png = i % 2 == 0;
            Save($"small-{i:000}.{(png ? "png" : "jpg")}", TestPictures.Encode(bitmap, png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 90));
        }
        Save("camera.jpg", TestPictures.CameraJpeg);
        using (var halves = TestPictures.Halves(300, 200))
            Save("sideways.jpg", TestPictures.WithOrientation(TestPictures.JpegOf(halves), 6));
        using (var halves = TestPictures.Halves(120, 80))
            Save("badge.gif", TestPictures.Gif(halves));
        return written;
    }
}
