using System;
using System.IO;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// Replaces a file whole, so a reader or a crash sees the old content or the new, never a mix
    /// (git's lockfile commit): the new content is written beside the old as <c>&lt;file&gt;.tmp</c>,
    /// flushed to disk, renamed over the old, and the folder flushed so the new name survives a power
    /// cut (<see cref="DirectorySync"/>). Where a crash can stop it:
    /// <list type="bullet">
    /// <item>while writing or before the rename: the old file is untouched, the temp file is ignored
    /// and overwritten by the next save;</item>
    /// <item>a first save (no old file) before the rename, or a Windows ReplaceFile that fails
    /// half-way (ERROR_UNABLE_TO_MOVE_REPLACEMENT[_2] leave the old one gone or renamed, and the new one
    /// under its temp name): the file is missing and <see cref="LeftBehind"/> names the complete temp
    /// file for the caller to put back;</item>
    /// <item>after the rename: the new file is in place.</item>
    /// </list>
    /// The rename is rename(2) on Linux and macOS and ReplaceFile on Windows (which keeps the old
    /// file's permissions); no backup name is kept: the temp file is complete before any swap begins.
    /// </summary>
    internal static class AtomicFile
    {
        public static string TempPath(string path) => path + ".tmp";

        /// <summary>
        /// Where an older ZoomUsers (1.x before the quick check) kept the old file during a swap;
        /// never written now, still read when the file is missing.
        /// </summary>
        public static string LegacyBackupPath(string path) => path + ".bak";

        /// <summary>Writes <paramref name="path"/> whole through <paramref name="write"/>; an IOException leaves the old file as it was.</summary>
        public static void Replace(string path, Action<Stream> write)
        {
            var temp = TempPath(path);
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(file);
                // Through the OS cache to the disk before the swap: the rename must never expose a file
                // whose content is still only in memory.
                file.Flush(flushToDisk: true);
            }
            if (File.Exists(path))
                File.Replace(temp, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
            else
                File.Move(temp, path);
            DirectorySync.FlushFolderOf(path);
        }

        /// <summary>
        /// With <paramref name="path"/> missing: the files a save cut short may have left, newest
        /// first (the temp file, then an older version's backup). The caller checks each is whole.
        /// </summary>
        public static string[] LeftBehind(string path) =>
            File.Exists(path) ? Array.Empty<string>() : new[] { TempPath(path), LegacyBackupPath(path) };

        /// <summary>Puts a file left under another name back in place, durably.</summary>
        public static void PutBack(string leftOver, string path)
        {
            File.Move(leftOver, path);
            DirectorySync.FlushFolderOf(path);
        }
    }
}
