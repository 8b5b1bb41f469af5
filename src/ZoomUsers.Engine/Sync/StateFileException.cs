using System;
using ZoomUsers.Results;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// The state file cannot be used: damaged, not ours, in use by another run, or unreachable.
    /// Thrown before any row is sent; the message names the file and says what to do.
    /// </summary>
    public sealed class StateFileException : Exception
    {
        internal StateFileException(string errorId, FailureCategory category, string path, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            FilePath = path;
        }

        /// <summary>One of the StateFile* ids in <see cref="ErrorIds"/>.</summary>
        public string ErrorId { get; }
        internal FailureCategory Category { get; }
        public string FilePath { get; }
    }
}
