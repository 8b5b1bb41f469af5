using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;
using ZoomUsers.Looking;
using ZoomUsers.Results;

namespace ZoomUsers.Backup
{
    /// <summary>
    /// -BackupPath: before a user's picture changes, their current one is saved in the folder (or that they
    /// had none); a user already there keeps the first backup. A backup that fails fails the row with
    /// PictureBackupFailed, naming the answer, and nothing is changed for that user.
    /// </summary>
    internal sealed class PictureBackup : ILookStep
    {
        private readonly BackupFolder _folder;
        private readonly PictureDownload _download;
        private readonly Func<DateTimeOffset> _now;

        public PictureBackup(BackupFolder folder, PictureDownload download, Func<DateTimeOffset>? now = null)
        {
            _folder = folder;
            _download = download;
            _now = now ?? (() => DateTimeOffset.UtcNow);
        }

        public async Task<UserUpdateResult?> BeforeChangeAsync(ZoomUser user, string userId, ZoomOperation operation, IOperationLog log, CancellationToken cancellationToken)
        {
            var failure = await SaveAsync(user, userId, log, cancellationToken).ConfigureAwait(false);
            return failure == null ? null : UserUpdateResult.Failed(userId, operation, failure);
        }

        /// <summary>Saves the user's picture unless the folder has them already; the failure, or null.</summary>
        public async Task<ZoomFailure?> SaveAsync(ZoomUser user, string userId, IOperationLog log, CancellationToken cancellationToken)
        {
            var key = string.IsNullOrEmpty(user.Email) ? userId : user.Email;
            var name = BackupFolder.NameFor(key);
            if (_folder.Has(name))
            {
                if (log.VerboseEnabled) log.Verbose($"'{userId}' is already in the backup folder: the first backup is kept.");
                return null;
            }
            try
            {
                if (!user.HasPicture)
                {
                    _folder.SaveNone(name, key, user.Id, _now());
                    return null;
                }
                using var picture = await _download.OpenAsync(user.PictureUrl!, cancellationToken).ConfigureAwait(false);
                if (picture.Failure != null) return Failed(picture.Failure);
                _folder.SavePicture(name, key, user.Id, picture.Extension!, picture.CopyTo, _now());
                if (log.VerboseEnabled) log.Verbose($"Saved the current picture of '{userId}' in the backup folder.");
                return null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Failed(ex.Message);
            }

            ZoomFailure Failed(string why) => new ZoomFailure(ErrorIds.PictureBackupFailed, FailureCategory.ResourceUnavailable,
                $"The current picture could not be backed up, so it was not changed: {why}");
        }
    }
}
