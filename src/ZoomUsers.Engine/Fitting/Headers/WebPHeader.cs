using System.IO;
using System.Text;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.IO;

namespace ZoomUsers.Fitting.Headers
{
    /// <summary>
    /// A WebP's size and EXIF orientation, from the bytes that hold them and no others: the RIFF
    /// header, the header of the first chunk (which the format requires to be VP8 for lossy, VP8L for
    /// lossless or VP8X for extended), and the ten bytes of it that give the size. An extended WebP
    /// whose flags say it has EXIF keeps it in a chunk after the image data: the chunks in between are
    /// passed by their headers (seeked over, not read) and the EXIF chunk alone is read.
    /// Hand-written: MetadataExtractor's WebP reader reads the image chunk whole.
    /// </summary>
    internal static class WebPHeader
    {
        private const int RiffHeaderBytes = 12;
        private const int ChunkHeaderBytes = 8;
        private const int SizeFieldBytes = 10;
        private const int ExifFlag = 0x08;

        /// <summary>
        /// The size as stored (a lossy WebP's may be zero: no picture) and the orientation; null when it
        /// is no WebP, or a size its RIFF structure declares runs past the end of the file (truncated or
        /// damaged), which also keeps a 100-byte file from costing the 2 GB one of its chunks claims.
        /// </summary>
        public static HeaderInfo? Read(Stream stream)
        {
            var start = stream.Position;
            var head = StreamBytes.ReadUpTo(stream, RiffHeaderBytes + ChunkHeaderBytes);
            if (head.Length < RiffHeaderBytes + ChunkHeaderBytes || FourCc(head, 0) != "RIFF" || FourCc(head, 8) != "WEBP")
                return null;
            // The RIFF size counts the bytes after its own field.
            var end = start + 8 + UInt32(head, 4);
            var size = UInt32(head, 16);
            var chunkEnd = start + RiffHeaderBytes + ChunkHeaderBytes + size;
            if (end > stream.Length || chunkEnd > end)
                return null;

            var fields = StreamBytes.ReadUpTo(stream, (int)System.Math.Min(size, SizeFieldBytes));
            switch (FourCc(head, 12))
            {
                case "VP8 ":
                    // RFC 6386 9.1: a 3-byte frame tag, the start code 9D 01 2A, then a 14-bit width and
                    // height, each with 2 bits of upscaling above it that are no part of the stored size.
                    return fields.Length == SizeFieldBytes && fields[3] == 0x9D && fields[4] == 0x01 && fields[5] == 0x2A
                        ? new HeaderInfo("WebP", UInt16(fields, 6) & 0x3FFF, UInt16(fields, 8) & 0x3FFF, 1)
                        : (HeaderInfo?)null;
                case "VP8L":
                    // The lossless signature 0x2F, then width - 1 and height - 1 in 14 bits each.
                    if (fields.Length < 5 || fields[0] != 0x2F) return null;
                    var bits = UInt32(fields, 1);
                    return new HeaderInfo("WebP", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1, 1);
                case "VP8X":
                    // Flags, 3 reserved bytes, then the canvas's width - 1 and height - 1 in 24 bits each.
                    if (fields.Length < SizeFieldBytes) return null;
                    var orientation = (fields[0] & ExifFlag) != 0 ? ExifOrientation(stream, chunkEnd + (size & 1), end) : 1;
                    return orientation is int o ? new HeaderInfo("WebP", UInt24(fields, 4) + 1, UInt24(fields, 7) + 1, o) : (HeaderInfo?)null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The orientation in the EXIF chunk among those from <paramref name="position"/> to <paramref name="end"/>;
        /// 1 when there is none; null when a chunk's size runs past the end.
        /// </summary>
        private static int? ExifOrientation(Stream stream, long position, long end)
        {
            while (position + ChunkHeaderBytes <= end)
            {
                stream.Position = position;
                var header = StreamBytes.ReadUpTo(stream, ChunkHeaderBytes);
                if (header.Length < ChunkHeaderBytes) return null;
                var size = UInt32(header, 4);
                if (position + ChunkHeaderBytes + size > end || size > int.MaxValue) return null;
                if (FourCc(header, 0) == "EXIF")
                {
                    var payload = StreamBytes.ReadUpTo(stream, (int)size);
                    // Some writers copy a JPEG's APP1 whole, its "Exif\0\0" preamble included.
                    var exif = ExifReader.StartsWithJpegExifPreamble(payload)
                        ? new ByteArrayReader(payload, ExifReader.JpegSegmentPreamble.Length)
                        : new ByteArrayReader(payload);
                    return PictureHeader.Orientation(new ExifReader().Extract(exif));
                }
                // A chunk of odd size is followed by a padding byte.
                position += ChunkHeaderBytes + size + (size & 1);
            }
            return 1;
        }

        private static string FourCc(byte[] bytes, int at) => Encoding.ASCII.GetString(bytes, at, 4);

        private static int UInt16(byte[] bytes, int at) => bytes[at] | bytes[at + 1] << 8;

        private static int UInt24(byte[] bytes, int at) => UInt16(bytes, at) | bytes[at + 2] << 16;

        private static long UInt32(byte[] bytes, int at) => (uint)(UInt24(bytes, at) | bytes[at + 3] << 24);
    }
}
