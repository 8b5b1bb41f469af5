using System;
using System.IO;
using ZoomUsers.Results;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// A picture that passed every local check, ready to upload: a file (its path, length and first
    /// bytes, streamed again by each attempt: <see cref="PictureFile"/>), bytes held (the caller's, from
    /// the pipeline, never copied; or a JPEG -Fit prepared, from its encode to its upload), or, with
    /// -Fit, a source to prepare first (its <see cref="Plan"/> says where it is).
    /// </summary>
    internal sealed class Picture
    {
        /// <summary>Enough of a file's start to name its format (and a few others, for the message).</summary>
        private const int SignatureBytes = 16;

        private readonly byte[]? _bytes;
        private readonly Fitting.PreparedJpeg? _prepared;

        private Picture(byte[]? bytes, PictureFile? file, PictureFormat format, string fileName, Fitting.FitPlan? plan = null, Sync.PictureDigest? digest = null, Fitting.PreparedJpeg? prepared = null)
        {
            _bytes = bytes;
            _prepared = prepared;
            File = file;
            Format = format;
            FileName = fileName;
            Plan = plan;
            Digest = digest;
        }

        /// <summary>
        /// The bytes to upload, when held (with -Fit, bytes given directly are also the source; a prepared
        /// JPEG's, from its holder, <see cref="HeldBy"/>). A file holds none (see <see cref="File"/>), nor
        /// does a picture to be prepared.
        /// </summary>
        public byte[] Bytes => _bytes ?? _prepared?.Bytes ?? throw new InvalidOperationException($"{FileName} is streamed from its file or prepared before upload, and holds no bytes.");
        /// <summary>The file each attempt streams, or null when the bytes are held or the picture is prepared first.</summary>
        public PictureFile? File { get; }
        /// <summary>The size of the bytes to upload, or of the source to prepare.</summary>
        public long Length => _bytes?.Length ?? _prepared?.Length ?? File?.Length ?? Plan!.Length;
        public PictureFormat Format { get; }
        public string FileName { get; }
        public string ContentType => PictureFormats.ContentType(Format);
        /// <summary>With -Fit: what its header said and why it must be prepared before upload (if it must).</summary>
        public Fitting.FitPlan? Plan { get; }
        /// <summary>
        /// With a state file, the SHA-256 read at the checks (of the source, with -Fit): what the state
        /// file records once Zoom took the picture, so what is sent, or prepared, is checked against it.
        /// </summary>
        public Sync.PictureDigest? Digest { get; }

        /// <summary>The same picture, with the digest read at the checks.</summary>
        internal Picture WithDigest(Sync.PictureDigest digest) => new Picture(_bytes, File, Format, FileName, Plan, digest, _prepared);

        /// <summary>The bytes as they would go up, streamed (a file is opened, not read whole).</summary>
        public System.IO.Stream OpenRead() =>
            _bytes != null ? new MemoryStream(_bytes, writable: false)
            : _prepared != null ? new MemoryStream(_prepared.Bytes, writable: false)
            : File != null ? File.Open()
            : Plan!.Source.Open();

        /// <summary>With -Fit: bytes given directly whose header says they go up as they are.</summary>
        internal static Picture ForFit(byte[] bytes, string? fileName, Fitting.FitPlan plan)
        {
            var format = PictureFormats.Detect(bytes);
            return new Picture(bytes, null, format, NameFor(fileName, format), plan);
        }

        /// <summary>With -Fit: a file whose header says it goes up as it is, streamed like any file.</summary>
        internal static Picture ForFit(PictureFile file, byte[] start, string? fileName, Fitting.FitPlan plan)
        {
            var format = PictureFormats.Detect(start);
            return new Picture(null, file, format, NameFor(fileName, format), plan);
        }

        /// <summary>With -Fit: a picture to prepare first, holding no bytes; its plan says where the source is.</summary>
        internal static Picture ToPrepare(string? fileName, Fitting.FitPlan plan)
        {
            var format = plan.FormatName == "JPEG" ? PictureFormat.Jpeg : plan.FormatName == "PNG" ? PictureFormat.Png : PictureFormat.Unknown;
            return new Picture(null, null, format, NameFor(fileName, format), plan);
        }

        private static string NameFor(string? fileName, PictureFormat format) =>
            string.IsNullOrEmpty(fileName) || format == PictureFormat.Unknown || format != FormatOfExtension(fileName!)
                ? "picture" + PictureFormats.Extension(format)
                : fileName!;

        /// <summary>A prepared picture (a JPEG made by -Fit), named after its source file.</summary>
        internal static Picture Prepared(byte[] jpeg, string sourceName) =>
            new Picture(jpeg, null, PictureFormat.Jpeg, Path.GetFileNameWithoutExtension(sourceName) + ".jpg");

        /// <summary>This prepared picture with its bytes in <paramref name="held"/>, which a row parked for a second round lets go of.</summary>
        internal Picture HeldBy(Fitting.PreparedJpeg held) => new Picture(null, null, Format, FileName, Plan, Digest, held);

        /// <summary>Checks a file by its size and first bytes, without reading it. <paramref name="fullPath"/> is already resolved by the caller.</summary>
        public static Checked<Picture> FromFile(string fullPath) =>
            FromFile(fullPath, PictureFormats.MaxBytes, (path, length, name, what) =>
            {
                var file = new PictureFile(path, length);
                var start = ReadStart(file);
                var format = PictureFormats.Detect(start);
                if (format == PictureFormat.Unknown)
                    return Fail(ErrorIds.PictureFormatUnsupported, $"{what} is {PictureFormats.Describe(start)}; Zoom accepts only JPEG and PNG (checked by content, not by file extension).");
                return Checked<Picture>.Passed(new Picture(null, file, format, NameFor(name, format)));
            });

        /// <summary>The first bytes of a file (fewer when it is shorter).</summary>
        internal static byte[] ReadStart(PictureFile file)
        {
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            var start = new byte[Math.Min(SignatureBytes, file.Length)];
            var got = 0;
            int read;
            while (got < start.Length && (read = stream.Read(start, got, start.Length - got)) > 0) got += read;
            if (got < start.Length) Array.Resize(ref start, got);
            return start;
        }

        /// <summary>
        /// Checks a file of at most <paramref name="maxBytes"/> and hands it to <paramref name="read"/> (full path, length,
        /// safe file name, how to name it in a message), which reads what it needs; its I/O errors fail the row as a read.
        /// </summary>
        internal static Checked<Picture> FromFile(string fullPath, long maxBytes, Func<string, long, string?, string, Checked<Picture>> read)
        {
            var what = $"The picture file '{fullPath}'";
            try
            {
                if (Directory.Exists(fullPath))
                    return Fail(ErrorIds.PicturePathIsDirectory, $"'{fullPath}' is a directory, not a picture file.");

                var info = new FileInfo(fullPath);
                if (!info.Exists)
                    return Fail(ErrorIds.PictureNotFound, $"{what} does not exist.");

                // Check the size before reading, so a 4 GB file named .jpg costs nothing.
                if (info.Length == 0)
                    return Fail(ErrorIds.PictureEmpty, $"{what} is empty.");
                if (info.Length > maxBytes)
                    return maxBytes == PictureFormats.MaxBytes ? TooLarge(what, info.Length)
                        : Fail(ErrorIds.PictureTooLarge, $"{what} is {info.Length:N0} bytes; -Fit reads pictures of at most {maxBytes:N0} bytes.");

                return read(fullPath, info.Length, SafeFileName(Path.GetFileName(fullPath)), what);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                return Fail(ErrorIds.PictureReadFailed, $"{what} could not be read: {ex.Message}");
            }
        }

        /// <summary>Checks bytes given directly (an AD user's thumbnailPhoto, for one).</summary>
        public static Checked<Picture> FromBytes(byte[]? bytes, string? fileName, string what)
        {
            if (bytes == null)
                return Fail(ErrorIds.PictureMissing, $"{what} has no picture data.");
            if (bytes.Length == 0)
                return Fail(ErrorIds.PictureEmpty, $"{what} is empty (0 bytes).");
            if (bytes.Length > PictureFormats.MaxBytes)
                return TooLarge(what, bytes.Length);

            var format = PictureFormats.Detect(bytes);
            if (format == PictureFormat.Unknown)
                return Fail(ErrorIds.PictureFormatUnsupported, $"{what} is {PictureFormats.Describe(bytes)}; Zoom accepts only JPEG and PNG (checked by content, not by file extension).");

            var name = fileName;
            if (string.IsNullOrEmpty(name) || PictureFormats.Detect(bytes) != FormatOfExtension(name!))
                name = "picture" + PictureFormats.Extension(format);
            return Checked<Picture>.Passed(new Picture(bytes, null, format, name!));
        }

        private static PictureFormat FormatOfExtension(string fileName)
        {
            var ext = Path.GetExtension(fileName).ToLowerInvariant();
            return ext == ".png" ? PictureFormat.Png : ext == ".jpg" || ext == ".jpeg" ? PictureFormat.Jpeg : PictureFormat.Unknown;
        }

        /// <summary>The multipart header carries the name: keep it to plain ASCII so no server misreads it.</summary>
        private static string? SafeFileName(string name)
        {
            foreach (var c in name)
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return null;
            return name;
        }

        private static ZoomFailure TooLarge(string what, long length) =>
            Fail(ErrorIds.PictureTooLarge, $"{what} is {length:N0} bytes; Zoom accepts at most {PictureFormats.MaxBytes:N0} bytes (2 MB).");

        /// <summary>A picture that cannot be sent, with the category its ErrorId belongs to.</summary>
        internal static ZoomFailure Fail(string errorId, string message) =>
            new ZoomFailure(errorId, Category(errorId), message);

        private static FailureCategory Category(string errorId) => errorId switch
        {
            ErrorIds.PictureNotFound => FailureCategory.ObjectNotFound,
            ErrorIds.PictureChangedDuringRun => FailureCategory.InvalidData,
            ErrorIds.PictureReadFailed => FailureCategory.ReadError,
            ErrorIds.PictureEmpty or ErrorIds.PictureTooLarge or ErrorIds.PictureFormatUnsupported => FailureCategory.InvalidData,
            ErrorIds.PictureUndecodable or ErrorIds.PictureFormatNotConvertible or ErrorIds.PictureTooManyPixels => FailureCategory.InvalidData,
            ErrorIds.PictureFitUnavailable => FailureCategory.ResourceUnavailable,
            _ => FailureCategory.InvalidArgument,
        };
    }
}
