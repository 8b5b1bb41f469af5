using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Riff;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Util;
using Directory = MetadataExtractor.Directory;

namespace ZoomUsers.Fitting.Headers
{
    /// <summary>
    /// A picture's format, stored size and EXIF orientation, read by managed code (MetadataExtractor)
    /// before any native code sees the bytes: a picture Zoom takes as it is then goes up untouched by
    /// the decoder, and a decompression bomb is refused from its header alone. Only the parts a header
    /// needs are read: a JPEG's frame and EXIF segments (up to the image data), a PNG's first chunk,
    /// a BMP's headers, a GIF's blocks (skipping the image data) and a WebP's chunks.
    /// </summary>
    internal static class PictureHeader
    {
        private static readonly byte[] PngStart = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' };

        /// <summary>Null when the stream holds none of the formats -Fit reads, or one too damaged to say its size.</summary>
        public static HeaderInfo? Read(Stream stream)
        {
            try
            {
                var start = stream.Position;
                var type = FileTypeDetector.DetectFileType(stream);
                stream.Position = start;
                return type switch
                {
                    FileType.Jpeg => Jpeg(stream),
                    FileType.Png => Png(stream),
                    FileType.Gif => Sized("GIF", Single<GifHeaderDirectory>(new GifReader().Extract(new LengthCheckedReader(stream))), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
                    FileType.Bmp => Sized("BMP", Single<BmpHeaderDirectory>(new BmpReader().Extract(new LengthCheckedReader(stream))), BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
                    FileType.WebP => WebP(stream),
                    _ => null,
                };
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                return null;
            }
        }

        /// <summary>What MetadataExtractor throws for data it cannot make sense of; anything else is a bug to hear about.</summary>
        private static bool IsDamage(Exception ex) =>
            ex is ImageProcessingException || ex is MetadataException || ex is IOException || ex is ArgumentException || ex is IndexOutOfRangeException || ex is FormatException;

        private static HeaderInfo? Jpeg(Stream stream)
        {
            var readers = new IJpegSegmentMetadataReader[] { new JpegReader(), new ExifReader() };
            // Only the frame (SOFn) and EXIF (APP1) segments are kept; reading stops at the image data.
            var segments = JpegSegmentReader.ReadSegments(new LengthCheckedReader(stream), readers.SelectMany(r => r.SegmentTypes).ToList()).ToList();
            var directories = JpegMetadataReader.ProcessJpegSegments(readers, segments);
            var size = Sized("JPEG", Single<JpegDirectory>(directories), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight);
            return size is HeaderInfo h ? new HeaderInfo(h.FormatName, h.Width, h.Height, Orientation(directories)) : null;
        }

        /// <summary>
        /// Hand-written: MetadataExtractor's PNG reader reads every chunk whole (the image data too)
        /// and inflates compressed text, where the size needs only IHDR, which the format puts first.
        /// </summary>
        private static HeaderInfo? Png(Stream stream)
        {
            var start = new byte[PngStart.Length + 13];
            if (ReadFully(stream, start) < start.Length) return null;
            for (var i = 0; i < PngStart.Length; i++)
                if (start[i] != PngStart[i]) return null;
            var header = new PngHeader(start.Skip(PngStart.Length).ToArray());
            return Checked("PNG", header.ImageWidth, header.ImageHeight, 1);
        }

        private static HeaderInfo? WebP(Stream stream)
        {
            var directories = new List<Directory>();
            new RiffReader().ProcessRiff(new LengthCheckedReader(stream), new WebPRiffHandler(directories));
            var size = Sized("WebP", Single<WebPDirectory>(directories), WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight);
            return size is HeaderInfo h ? new HeaderInfo(h.FormatName, h.Width, h.Height, Orientation(directories)) : null;
        }

        private static T? Single<T>(IEnumerable<Directory> directories) where T : Directory =>
            directories.OfType<T>().FirstOrDefault();

        private static HeaderInfo? Sized(string format, Directory? directory, int widthTag, int heightTag) =>
            directory != null && directory.TryGetInt32(widthTag, out var width) && directory.TryGetInt32(heightTag, out var height)
                ? Checked(format, width, height, 1)
                : null;

        /// <summary>A BMP stored top-down says so with a negative height; a zero side is no picture.</summary>
        private static HeaderInfo? Checked(string format, int width, int height, int orientation)
        {
            height = height == int.MinValue ? 0 : Math.Abs(height);
            return width > 0 && height > 0 ? new HeaderInfo(format, width, height, orientation) : (HeaderInfo?)null;
        }

        /// <summary>The first image's EXIF orientation, 1 (upright) when absent or not one of the eight.</summary>
        private static int Orientation(IEnumerable<Directory> directories) =>
            Single<ExifIfd0Directory>(directories) is ExifIfd0Directory exif && exif.TryGetInt32(ExifDirectoryBase.TagOrientation, out var o) && o >= 1 && o <= 8 ? o : 1;

        private static int ReadFully(Stream stream, byte[] buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0) break;
                total += read;
            }
            return total;
        }
    }
}
