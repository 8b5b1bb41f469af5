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
using MetadataExtractor.IO;
using MetadataExtractor.Util;
using Directory = MetadataExtractor.Directory;

namespace ZoomUsers.Fitting.Headers
{
    /// <summary>
    /// A picture's format, stored size and EXIF orientation, read by managed code (MetadataExtractor)
    /// before any native code sees the bytes: a picture Zoom takes as it is then goes up untouched by
    /// the decoder, and a decompression bomb is refused from its header alone. Only the parts a header
    /// needs are read: a JPEG's frame and EXIF segments (up to the image data), a PNG's first chunk,
    /// a BMP's headers, a GIF's blocks (skipping the image data) and a WebP's first chunk (and EXIF
    /// chunk, see <see cref="WebPHeader"/>).
    /// </summary>
    internal static class PictureHeader
    {
        private static readonly byte[] PngStart = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' };

        /// <summary>More than FileTypeDetector looks at (18 bytes).</summary>
        private const int SignatureBytes = 32;

        /// <summary>
        /// Null when the stream holds none of the formats -Fit reads, or one too damaged to say its size,
        /// or whose size has a side of zero or less (no picture).
        /// </summary>
        public static HeaderInfo? Read(Stream stream)
        {
            try
            {
                // FileTypeDetector reads with a single Read and takes a short one for a short file: it gets the signature read in full.
                var start = stream.Position;
                var signature = StreamBytes.ReadUpTo(stream, SignatureBytes);
                stream.Position = start;
                var header = FileTypeDetector.DetectFileType(new MemoryStream(signature, writable: false)) switch
                {
                    FileType.Jpeg => Jpeg(stream),
                    FileType.Png => Png(stream),
                    FileType.Gif => Sized("GIF", Single<GifHeaderDirectory>(new GifReader().Extract(new SequentialStreamReader(stream))), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
                    FileType.Bmp => Bmp(stream),
                    FileType.WebP => WebPHeader.Read(stream),
                    _ => null,
                };
                return header is HeaderInfo h && h.Width > 0 && h.Height > 0 ? header : null;
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                return null;
            }
        }

        /// <summary>
        /// What MetadataExtractor throws for data it cannot make sense of (its processing exceptions,
        /// and an IOException for data that ends too soon); anything else is a bug to hear about.
        /// </summary>
        private static bool IsDamage(Exception ex) =>
            ex is ImageProcessingException || ex is MetadataException || ex is IOException;

        private static HeaderInfo? Jpeg(Stream stream)
        {
            var readers = new IJpegSegmentMetadataReader[] { new JpegReader(), new ExifReader() };
            // Only the frame (SOFn) and EXIF (APP1) segments are kept; reading stops at the image data.
            var segments = JpegSegmentReader.ReadSegments(new SequentialStreamReader(stream), readers.SelectMany(r => r.SegmentTypes).ToList()).ToList();
            var directories = JpegMetadataReader.ProcessJpegSegments(readers, segments);
            var size = Sized("JPEG", Single<JpegDirectory>(directories), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight);
            return size is HeaderInfo h ? new HeaderInfo(h.FormatName, h.Width, h.Height, Orientation(directories)) : null;
        }

        /// <summary>
        /// Hand-written: MetadataExtractor's PNG reader reads every chunk whole (the image data too)
        /// and inflates compressed text, where the size needs only IHDR, which the format puts first.
        /// Its sides are unsigned 31-bit numbers: one that reads negative is damage, as is zero (<see cref="Read"/>).
        /// </summary>
        private static HeaderInfo? Png(Stream stream)
        {
            var start = StreamBytes.ReadUpTo(stream, PngStart.Length + 13);
            if (start.Length < PngStart.Length + 13) return null;
            for (var i = 0; i < PngStart.Length; i++)
                if (start[i] != PngStart[i]) return null;
            var header = new PngHeader(start.Skip(PngStart.Length).ToArray());
            return new HeaderInfo("PNG", header.ImageWidth, header.ImageHeight, 1);
        }

        /// <summary>A BMP stored top-down says so with a negative height; a negative width is damage (<see cref="Read"/>).</summary>
        private static HeaderInfo? Bmp(Stream stream)
        {
            var size = Sized("BMP", Single<BmpHeaderDirectory>(new BmpReader().Extract(new SequentialStreamReader(stream))), BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight);
            return size is HeaderInfo h && h.Height < 0 && h.Height != int.MinValue
                ? new HeaderInfo(h.FormatName, h.Width, -h.Height, h.Orientation)
                : size;
        }

        private static T? Single<T>(IEnumerable<Directory> directories) where T : Directory =>
            directories.OfType<T>().FirstOrDefault();

        private static HeaderInfo? Sized(string format, Directory? directory, int widthTag, int heightTag) =>
            directory != null && directory.TryGetInt32(widthTag, out var width) && directory.TryGetInt32(heightTag, out var height)
                ? new HeaderInfo(format, width, height, 1)
                : (HeaderInfo?)null;

        /// <summary>The first image's EXIF orientation, 1 (upright) when absent or not one of the eight.</summary>
        internal static int Orientation(IEnumerable<Directory> directories) =>
            Single<ExifIfd0Directory>(directories) is ExifIfd0Directory exif && exif.TryGetInt32(ExifDirectoryBase.TagOrientation, out var o) && o >= 1 && o <= 8 ? o : 1;
    }
}
