using System;
using System.IO;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// A picture file that could not be sent as it was checked: unreadable now, or changed since
    /// (<see cref="ErrorIds.PictureChangedDuringRun"/>). Thrown while a request body is written, so the
    /// request is abandoned before its last bytes go; the row fails with <see cref="ErrorId"/> and is
    /// not retried (the file, not the network, is at fault).
    /// </summary>
    internal sealed class PictureFileException : IOException
    {
        public PictureFileException(string errorId, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }

        /// <summary>This exception, wherever an HTTP stack wrapped it; null when there is none.</summary>
        public static PictureFileException? Within(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
                if (e is PictureFileException found) return found;
            return null;
        }
    }
}
