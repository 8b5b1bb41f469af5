using System;
using System.IO;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// What the quick check compares instead of a picture's bytes: the file's full path, size and
    /// last-write time (UTC, to the tick the file system gives), the facts rsync, robocopy and git's
    /// index compare. Taken from the file's metadata alone: the file is not opened.
    /// </summary>
    internal sealed class FileStamp : IEquatable<FileStamp>
    {
        /// <summary>
        /// A file written this close to the moment it was read may be written again within the same
        /// timestamp (FAT keeps 2 s, some shares round), unseen: such a stamp is not recorded, so the
        /// file is read again next time (git's "racy clean" rule).
        /// </summary>
        public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

        public FileStamp(string path, long size, long lastWriteUtcTicks)
        {
            Path = path;
            Size = size;
            LastWriteUtcTicks = lastWriteUtcTicks;
        }

        public string Path { get; }
        public long Size { get; }
        public long LastWriteUtcTicks { get; }
        public DateTime LastWriteUtc => new DateTime(LastWriteUtcTicks, DateTimeKind.Utc);

        /// <summary>The file's stamp now, or null when it is missing, a folder or cannot be looked at.</summary>
        public static FileStamp? Of(string fullPath)
        {
            try
            {
                var info = new FileInfo(fullPath);
                return info.Exists ? new FileStamp(fullPath, info.Length, info.LastWriteTimeUtc.Ticks) : null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                return null; // reading the file then says why, as a row failure
            }
        }

        /// <summary>True when the file was last written long enough before <paramref name="readAt"/> to be recorded.</summary>
        public bool SettledBefore(DateTimeOffset readAt) => LastWriteUtcTicks <= readAt.UtcTicks - SettleTime.Ticks;

        // Ordinal: a path that differs only in case on Windows costs one read, never a wrong skip.
        public bool Equals(FileStamp? other) =>
            other != null && Size == other.Size && LastWriteUtcTicks == other.LastWriteUtcTicks && string.Equals(Path, other.Path, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as FileStamp);
        public override int GetHashCode() => Size.GetHashCode() ^ LastWriteUtcTicks.GetHashCode();
    }
}
