using System;
using System.IO;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// A picture file as a row keeps it between its checks and its upload: where it is, how long it
    /// was and what its first bytes said (with a state file, the picture's digest too), never its
    /// bytes. Each attempt opens it again and streams it (<see cref="Api.PictureContent"/>).
    /// </summary>
    internal sealed class PictureFile
    {
        public PictureFile(string fullPath, long length)
        {
            FullPath = fullPath;
            Length = length;
        }

        public string FullPath { get; }
        /// <summary>The length it was checked at: the length every attempt sends, or none.</summary>
        public long Length { get; }

        /// <summary>
        /// Opened for one read from the start, shared with readers and with a copy tool that replaces
        /// it; with no buffer of its own (the reader brings a pooled one). Its I/O errors become a
        /// <see cref="PictureFileException"/> (<see cref="ErrorIds.PictureReadFailed"/>).
        /// </summary>
        public Stream Open()
        {
            try
            {
                return new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                throw new PictureFileException(ErrorIds.PictureReadFailed, $"The picture file '{FullPath}' could not be read to send it: {ex.Message}", ex);
            }
        }

        /// <summary>The row's failure when the file is no longer what was checked.</summary>
        public PictureFileException Changed(string how) =>
            new PictureFileException(ErrorIds.PictureChangedDuringRun,
                $"The picture file '{FullPath}' changed after it was checked ({how}); nothing was uploaded for this row. Run it again once the file is final.");
    }
}
