using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// Flushes a folder's entries to disk, so a file just created or renamed into it keeps its name
    /// after a power cut: on Linux and macOS, fsync of the file's data does not cover the directory
    /// entry (restic's fsyncDir, SQLite's unix VFS do the same). .NET has no API for it (a FileStream
    /// refuses a directory), hence open(2)+fsync(2)+close(2) from libc. On Windows there is nothing
    /// to do: NTFS journals its metadata, and a folder cannot be flushed by handle there.
    /// </summary>
    internal static class DirectorySync
    {
        // Errors that mean "this file system cannot fsync a folder" (restic's list): not a failure.
        private const int ENOENT = 2, EINVAL = 22, ENOTTY = 25, ENOTSUP_Linux = 95, ENOTSUP_Mac = 45, EOPNOTSUPP_Mac = 102;

        private static readonly bool Applies = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        private static volatile bool _unavailable; // no libc found under either name: nothing more to try

        /// <summary>
        /// Flushes the folder holding <paramref name="filePath"/>. False when the platform or the file
        /// system cannot (Windows, a share that refuses it, a folder that cannot be opened for reading);
        /// throws <see cref="IOException"/> when the flush itself fails (the disk reported an error).
        /// </summary>
        public static bool FlushFolderOf(string filePath)
        {
            if (!Applies || _unavailable) return false;
            var folder = Path.GetDirectoryName(Path.GetFullPath(filePath));
            if (string.IsNullOrEmpty(folder)) return false;
            var name = Encoding.UTF8.GetBytes(folder + "\0");
            try
            {
                return Flush(name, LibC.open, LibC.fsync, LibC.close);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                try
                {
                    // glibc ships libc.so.6; a bare "libc" is found on macOS and where libc.so is a real library.
                    return Flush(name, LibC6.open, LibC6.fsync, LibC6.close);
                }
                catch (Exception ex6) when (ex6 is DllNotFoundException || ex6 is EntryPointNotFoundException)
                {
                    _unavailable = true;
                    return false;
                }
            }
        }

        private static bool Flush(byte[] folder, Func<byte[], int, int> open, Func<int, int> fsync, Func<int, int> close)
        {
            var fd = open(folder, 0); // O_RDONLY, the same value on Linux and macOS; a folder opens read-only
            if (fd < 0) return false;
            try
            {
                if (fsync(fd) == 0) return true;
                var errno = Marshal.GetLastWin32Error();
                if (errno == ENOENT || errno == EINVAL || errno == ENOTTY || errno == ENOTSUP_Linux || errno == ENOTSUP_Mac || errno == EOPNOTSUPP_Mac) return false;
                throw new IOException($"Flushing the folder '{Encoding.UTF8.GetString(folder, 0, folder.Length - 1)}' to disk failed (errno {errno}).");
            }
            finally
            {
                close(fd);
            }
        }

        private static class LibC
        {
            [DllImport("libc", SetLastError = true)] public static extern int open(byte[] path, int flags);
            [DllImport("libc", SetLastError = true)] public static extern int fsync(int fd);
            [DllImport("libc", SetLastError = true)] public static extern int close(int fd);
        }

        private static class LibC6
        {
            [DllImport("libc.so.6", SetLastError = true)] public static extern int open(byte[] path, int flags);
            [DllImport("libc.so.6", SetLastError = true)] public static extern int fsync(int fd);
            [DllImport("libc.so.6", SetLastError = true)] public static extern int close(int fd);
        }
    }
}
