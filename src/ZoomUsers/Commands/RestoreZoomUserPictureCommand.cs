using System.Collections.Generic;
using System.Management.Automation;
using ZoomUsers.Backup;
using ZoomUsers.Fitting;
using ZoomUsers.Results;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>
    /// Puts users back as a backup folder recorded them before the first change: the saved picture
    /// uploaded (prepared as -Fit would when Zoom would refuse it), or the picture removed for users who
    /// had none. Every user in the folder, or only the pipeline's.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "ZoomUserPicture", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class RestoreZoomUserPictureCommand : ZoomBulkCommandBase
    {
        // Declared again (hiding the base's): optional here, as without it every user in the folder is restored.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Email", "EmailAddress", "Mail", "UserPrincipalName", "UPN", "Id")]
        [AllowNull, AllowEmptyString]
        public new string UserId { get; set; } = null!;

        /// <summary>The folder -BackupPath or Backup-ZoomUserPicture wrote.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string BackupPath { get; set; } = null!;

        private readonly Dictionary<string, (BackupRecord Record, string PicturePath)> _records = new Dictionary<string, (BackupRecord, string)>();
        private PictureSync? _sync;
        private PictureRemoval? _removal;
        private bool _named;

        protected override ZoomOperation Operation => ZoomOperation.SetPicture;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var folder = new BackupFolder(SessionState.Path.GetUnresolvedProviderPathFromPSPath(BackupPath));
            if (System.IO.Directory.Exists(folder.Path))
                foreach (var entry in folder.Records())
                    _records[BackupFolder.NameFor(entry.Record.UserId)] = entry;
            if (_records.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ZoomUserUpdateException($"'{folder.Path}' holds no backup to restore (no <user>.backup file)."),
                    ErrorIds.BackupFolderEmpty, ErrorCategory.ObjectNotFound, BackupPath));
            // A saved picture Zoom would refuse (over 2 MB, say) is prepared as -Fit prepares it; any other goes up as saved.
            var fit = new PictureFit(new FitSettings(null, false));
            _sync = new PictureSync(null, SyncMode.UploadAll, new FittingUpload(fit.Settings, Connection.SetPictureAsync).UploadAsync, Log, fit);
            _removal = new PictureRemoval(null, Connection.RemovePictureAsync, Log);
        }

        protected override void ProcessRecord()
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(UserId)) && UserId == null) return; // no user given: the whole folder, at the end
            _named = true;
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }
            if (!_records.TryGetValue(BackupFolder.NameFor(UserId), out var entry))
            {
                ReportLocalFailure(UserId, new ZoomFailure(ErrorIds.UserNotFound, FailureCategory.ObjectNotFound, $"'{UserId}' is not in the backup folder."));
                return;
            }
            Restore(entry.Record, entry.PicturePath);
        }

        protected override void EndProcessing()
        {
            if (!_named)
                foreach (var entry in _records.Values)
                    Restore(entry.Record, entry.PicturePath);
            base.EndProcessing();
        }

        private void Restore(BackupRecord record, string picturePath)
        {
            var userId = record.UserId;
            if (record.HadPicture)
            {
                var sync = _sync!;
                if (ShouldProcess(userId, $"Restore profile picture from {System.IO.Path.GetFileName(picturePath)}"))
                    StartRow(userId, ct => sync.RunAsync(sync.ReadFile(userId, picturePath), ct));
            }
            else
            {
                var removal = _removal!;
                if (ShouldProcess(userId, "Remove profile picture (the user had none before the backup)"))
                    StartRow(userId, ct => removal.RunAsync(userId, ct));
            }
            DeliverReady();
        }
    }
}
