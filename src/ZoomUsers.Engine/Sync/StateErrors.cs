using System;
using ZoomUsers.Results;

namespace ZoomUsers.Sync
{
    /// <summary>The state file's errors, each message naming the file and saying what to do.</summary>
    internal static class StateErrors
    {
        public static StateFileException Damaged(string path, string why) =>
            new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                $"The state file '{path}' is damaged: {why}. It was left as it is and nothing was sent. Restore it from a backup, " +
                "or delete it (the next run then uploads every picture again and records them anew), or pass another -StatePath.");

        public static StateFileException NotOurs(string path, string why) =>
            new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                $"The file '{path}' is not a ZoomUsers picture state file: {why}. It was left as it is and nothing was sent. " +
                "Give -StatePath the path of a state file, or of a file that does not exist yet (it is then created).");

        public static StateFileException Newer(string path, int version, int newest) =>
            new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                $"The state file '{path}' has format version {version}, written by a newer ZoomUsers; this one reads version {newest}. Update the module, or pass another -StatePath. Nothing was sent.");

        public static StateFileException InUse(string path, string lockPath, Exception ex) =>
            new StateFileException(ErrorIds.StateFileInUse, FailureCategory.ResourceBusy, path,
                $"The state file '{path}' is in use by another run of Set-ZoomUserPicture (its lock file '{lockPath}' is held: {ex.Message}). " +
                "Wait for that run to finish, or give this run its own -StatePath. Nothing was sent.", ex);

        public static StateFileException Unavailable(string path, string what, Exception ex) =>
            new StateFileException(ErrorIds.StateFileUnavailable, FailureCategory.ResourceUnavailable, path,
                $"The state file '{path}' {what}: {ex.Message}", ex);

        /// <summary>A change after the journal's write failed: it is kept in memory only, until the end-of-run save.</summary>
        public static StateFileException JournalBroken(string journalPath) =>
            new StateFileException(ErrorIds.StateFileUnavailable, FailureCategory.ResourceUnavailable, journalPath,
                $"The state file's journal '{journalPath}' could not be written earlier in this run; this change is kept in memory and written to the state file when the run ends.");

        public static bool IsIO(Exception ex) => ex is System.IO.IOException || ex is UnauthorizedAccessException;
    }
}
