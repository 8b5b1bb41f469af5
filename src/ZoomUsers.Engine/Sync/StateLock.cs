using System;
using System.IO;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// One run at a time: <c>&lt;state&gt;.lock</c> held open with no sharing for the whole run
    /// (honoured on Windows, and by .NET on Linux and macOS through flock). Unlike git's lock, which
    /// is taken by creating the file and so outlives a crashed process until someone deletes it, this
    /// one is the open handle: the OS lets go of it when the process ends, however it ends, so a
    /// runbook killed at its time limit does not block the next night. The file itself stays (empty).
    /// </summary>
    internal sealed class StateLock : IDisposable
    {
        private readonly FileStream _handle;

        private StateLock(FileStream handle) => _handle = handle;

        public static string PathFor(string statePath) => statePath + ".lock";

        /// <summary>Takes the lock or throws <see cref="StateFileException"/> at once (in use, or unusable folder).</summary>
        public static StateLock Take(string statePath)
        {
            var path = PathFor(statePath);
            try
            {
                return new StateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (Exception ex) when (ex is DirectoryNotFoundException || ex is UnauthorizedAccessException || ex is PathTooLongException || ex is NotSupportedException)
            {
                throw StateErrors.Unavailable(statePath, "cannot be used", ex);
            }
            catch (IOException ex)
            {
                throw StateErrors.InUse(statePath, path, ex);
            }
        }

        public void Dispose() => _handle.Dispose();
    }
}
