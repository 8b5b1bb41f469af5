using System.Management.Automation;
using ZoomUsers.Looking;
using ZoomUsers.Pacing;
using ZoomUsers.Pipeline;
using ZoomUsers.Results;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>Removes profile pictures (Zoom then shows the user's initials); with -StatePath, the next sync uploads them again.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZoomUserPicture", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class RemoveZoomUserPictureCommand : ZoomBulkCommandBase
    {
        /// <summary>
        /// The state file Set-ZoomUserPicture -StatePath keeps: each removed user's record is dropped,
        /// so the next sync uploads that user's picture again instead of skipping it as unchanged.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StatePath { get; set; } = null!;

        /// <summary>
        /// A folder: before each user's picture is removed, it is saved there (or that they had none), for
        /// Restore-ZoomUserPicture. The first backup of a user wins; a failed backup fails the row.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BackupPath { get; set; } = null!;

        private PictureState? _state;
        private PictureRemoval? _removal;
        private bool _looks;

        protected override ZoomOperation Operation => ZoomOperation.RemovePicture;

        private protected override RateLabel[] RowLabels => _looks ? LookThenRemove : base.RowLabels;

        private static readonly RateLabel[] LookThenRemove = { RateLabel.Light, RateLabel.Medium };

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(StatePath))) _state = PictureStateFile.Open(this, StatePath, Connection, WhatIf);
            PictureLook? look = null;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(BackupPath)))
                look = new PictureLook(Connection.GetUserAsync, new ILookStep[] { OpenBackup(BackupPath) });
            _looks = look != null;
            _removal = new PictureRemoval(_state, Connection.RemovePictureAsync, Log, look);
        }

        protected override void ProcessRecord()
        {
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }

            var userId = UserId;
            var removal = _removal!;
            if (ShouldProcess(userId, "Remove profile picture"))
                StartRow(userId, ct => removal.RunAsync(userId, ct));
            DeliverReady();
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            PictureStateFile.Close(this, _state);
        }

        protected override void EndRun() => PictureStateFile.CloseQuietly(_state);
    }
}
