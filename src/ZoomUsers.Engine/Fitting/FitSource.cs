using System.IO;
using ZoomUsers.Validation;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// Where a -Fit row's source bytes are: held (bytes given directly, the caller's) or in its file,
    /// read again when a decode slot is free. A row waiting for a slot thus holds its file's name and
    /// header, not a camera photo's megabytes.
    /// </summary>
    internal sealed class FitSource
    {
        private readonly byte[]? _held;

        private FitSource(byte[]? held, string? filePath, long length)
        {
            _held = held;
            FilePath = filePath;
            Length = length;
        }

        public static FitSource Held(byte[] bytes) => new FitSource(bytes, null, bytes.Length);

        public static FitSource File(string fullPath, long length) => new FitSource(null, fullPath, length);

        /// <summary>The file read again when needed, or null when the bytes are held.</summary>
        public string? FilePath { get; }
        public long Length { get; }
        /// <summary>The bytes, when held; null for a file read again when needed.</summary>
        public byte[]? HeldBytes => _held;

        /// <summary>Streams the bytes (a file is opened, not read whole).</summary>
        public Stream Open() => _held != null
            ? new MemoryStream(_held, writable: false)
            : new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024);

        /// <summary>
        /// For decoding, in a decode slot: the bytes streamed (the decoder copies them to native memory,
        /// so no managed copy of a camera photo is made). Throws a <see cref="PictureFileException"/>
        /// when the file cannot be read, or its length is no longer the one its header was read at
        /// (<see cref="ErrorIds.PictureChangedDuringRun"/>).
        /// </summary>
        public Stream OpenToDecode()
        {
            if (_held != null) return Open();
            var file = new PictureFile(FilePath!, Length);
            var stream = file.Open();
            if (stream.Length == Length) return stream;
            var now = stream.Length;
            stream.Dispose();
            throw file.Changed($"{Length:N0} bytes when its header was read, {now:N0} now");
        }
    }
}
