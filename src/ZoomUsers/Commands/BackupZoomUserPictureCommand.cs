using System.Management.Automation;
using ZoomUsers.Backup;
using ZoomUsers.Looking;
using ZoomUsers.Pacing;
using ZoomUsers.Results;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>Saves the pipeline's users' current pictures (or that they have none) in a folder, for Restore-ZoomUserPicture; changes nothing in Zoom.</summary>
    [Cmdlet("Backup", "ZoomUserPicture")]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class BackupZoomUserPictureCommand : ZoomBulkCommandBase
    {
        private static readonly RateLabel[] LightOnly = { RateLabel.Light };

        /// <summary>The folder (created when missing). A user already in it keeps the first backup.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string BackupPath { get; set; } = null!;

        private PictureLook? _look;

        protected override ZoomOperation Operation => ZoomOperation.BackupPicture;

        private protected override RateLabel[] RowLabels => LightOnly;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _look = new PictureLook(Connection.GetUserAsync, new ILookStep[] { OpenBackup(BackupPath) });
        }

        protected override void ProcessRecord()
        {
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }
            var userId = UserId;
            var look = _look!;
            StartRow(userId, async ct =>
                await look.BeforeChangeAsync(userId, ZoomOperation.BackupPicture, Log, ct).ConfigureAwait(false)
                ?? UserUpdateResult.Succeeded(userId, ZoomOperation.BackupPicture, "In the backup folder."));
            DeliverReady();
        }
    }
}
