using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZoomUsers.Fitting;
using ZoomUsers.Looking;
using ZoomUsers.Pacing;
using ZoomUsers.Pipeline;
using ZoomUsers.Results;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>Uploads profile pictures: from files (a CSV's path column) or bytes (an AD user's thumbnailPhoto).</summary>
    [Cmdlet(VerbsCommon.Set, "ZoomUserPicture", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class SetZoomUserPictureCommand : ZoomBulkCommandBase
    {
        // Like -UserId (declared with the base class), empty and null values pass binding so that a bad
        // row gets its own result. Neither picture parameter is Mandatory, and they share one parameter
        // set: a row with no picture column at all gets its own result too (PictureMissing) instead of
        // a binding error that leaves no trace in the report, and a row with both (a Graph user's null
        // Photo beside its Path) binds both. The row's file wins over its bytes (UsesFile).
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PicturePath", "PhotoPath", "FilePath", "Picture")]
        [AllowNull, AllowEmptyString]
        public string Path { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("thumbnailPhoto", "jpegPhoto", "Photo")]
        [AllowNull, AllowEmptyCollection]
        public byte[] ImageData { get; set; } = null!;

        /// <summary>
        /// A state file (created when missing) that remembers which bytes were last uploaded for
        /// each user: rows whose picture is unchanged send nothing and report Skipped.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StatePath { get; set; } = null!;

        /// <summary>With -StatePath: upload even unchanged pictures (and record them).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// With -StatePath: read and hash every picture file, even one whose path, size and
        /// last-write time match its record (rsync's --checksum), for copy tools that keep the time
        /// of a file they replace.
        /// </summary>
        [Parameter]
        public SwitchParameter Checksum { get; set; }

        /// <summary>
        /// Prepares, in memory, each picture Zoom would refuse or show wrongly (other formats, over
        /// 2 MB, EXIF-turned JPEGs); any other uploads byte for byte. Every header is checked first.
        /// </summary>
        [Parameter]
        public SwitchParameter Fit { get; set; }

        /// <summary>The longest side, in pixels, a picture may have; implies -Fit. Not given, prepared pictures still keep to the default.</summary>
        [Parameter]
        [ValidateRange(16, 8192)]
        public int MaxDimension { get; set; } = FitSettings.DefaultLongestSide;

        /// <summary>Crops pictures that are not square to a centred square; implies -Fit.</summary>
        [Parameter]
        public SwitchParameter Square { get; set; }

        /// <summary>
        /// Uploads only to users who have no picture in Zoom: each row's user is looked up first (Zoom's
        /// Light limit), and a user who has a picture gets Skipped. PowerShell's word for "don't overwrite".
        /// </summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>
        /// A folder: before each user's picture is replaced, their current one is saved there (or that they had
        /// none), for Restore-ZoomUserPicture. The first backup of a user wins; a failed backup fails the row.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string BackupPath { get; set; } = null!;

        private PictureState? _state;
        private PictureSync? _sync;
        private PictureLook? _preview;
        private bool _looks;
        private FolderResolutionCache? _folders;
        private bool _decideHere;

        protected override ZoomOperation Operation => ZoomOperation.SetPicture;

        private const string MissingPicture =
            "The input has no picture: give -Path or -ImageData, or a property named Path, FullName, PicturePath, PhotoPath, FilePath or Picture " +
            "(a file) or ImageData, thumbnailPhoto, jpegPhoto or Photo (the bytes) that is not empty.";

        private protected override RateLabel[] RowLabels => _looks ? LookThenUpload : base.RowLabels;

        private static readonly RateLabel[] LookThenUpload = { RateLabel.Light, RateLabel.Medium };

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(StatePath))) _state = PictureStateFile.Open(this, StatePath, Connection, WhatIf);
            PictureSync.Upload upload = Connection.SetPictureAsync;
            PictureFit? fit = null;
            var maxDimension = MyInvocation.BoundParameters.ContainsKey(nameof(MaxDimension)) ? MaxDimension : (int?)null;
            if (Fit || Square || maxDimension.HasValue)
            {
                fit = new PictureFit(new FitSettings(maxDimension, Square));
                upload = new FittingUpload(fit.Settings, upload).UploadAsync;
            }
            var mode = Force ? SyncMode.UploadAll : Checksum ? SyncMode.Checksum : SyncMode.QuickCheck;
            var steps = new List<ILookStep>();
            if (NoClobber) steps.Add(new NoClobber());
            if (MyInvocation.BoundParameters.ContainsKey(nameof(BackupPath))) steps.Add(OpenBackup(BackupPath));
            var look = steps.Count > 0 ? new PictureLook(Connection.GetUserAsync, steps) : null;
            _looks = look != null;
            // Rows decided here (-WhatIf, -Confirm) are looked at before they are shown: lookups only, nothing written.
            if (NoClobber) _preview = new PictureLook(Connection.GetUserAsync, new ILookStep[] { new NoClobber() });
            _sync = new PictureSync(_state, mode, upload, Log, fit, look: look);
            // A dry run or a prompt must know a row's fate first (a bad file writes its error, an
            // unchanged one shows no "What if:"), so those read on this thread. An unattended run's
            // ShouldProcess answers yes without asking, so its rows read and hash on the workers:
            // a slow file share then delays each row, not the whole run.
            _decideHere = WhatIf || ConfirmationWouldPrompt();
        }

        protected override void ProcessRecord()
        {
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                var rejected = UserUpdateResult.Failed(UserIdCheck.ForReport(UserId), Operation, badId);
                // The file still belongs in the report, so a fixed row can be fed back in with it.
                if (UsesFile) rejected.Path = ResolvePath().Value ?? Path;
                ReportLocalFailure(rejected);
                return;
            }

            var userId = UserId;
            var sync = _sync!;
            Func<PictureRow> read;
            if (!UsesFile && ImageData != null)
            {
                var bytes = ImageData;
                read = () => sync.ReadBytes(userId, bytes);
            }
            else
            {
                var resolved = ResolvePath();
                if (resolved.Value is not string fullPath)
                {
                    var result = UserUpdateResult.Failed(userId, Operation, resolved.Failure!);
                    result.Path = Path;
                    ReportLocalFailure(result);
                    return;
                }
                read = () => sync.ReadFile(userId, fullPath);
            }

            if (_decideHere)
                DecideHere(read());
            else if (ShouldProcess(userId, sync.SkipsUnchanged ? "Set profile picture if changed" : "Set profile picture"))
                StartRow(userId, ct => sync.RunAsync(read(), ct));
            DeliverReady();
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            PictureStateFile.Close(this, _state);
        }

        protected override void EndRun() => PictureStateFile.CloseQuietly(_state);

        /// <summary>Under -WhatIf or -Confirm, on the pipeline thread: the row's result now (failed, skipped) or, if ShouldProcess agrees, its upload.</summary>
        private void DecideHere(PictureRow row)
        {
            var sync = _sync!;
            switch (sync.Settle(row))
            {
                case UserUpdateResult failed when failed.Status == UpdateStatus.Failed:
                    ReportLocalFailure(failed);
                    return;
                case UserUpdateResult skipped:
                    if (WhatIf) WriteVerbose($"Skipping '{row.UserId}': {skipped.Message}");
                    ReportSkipped(skipped);
                    return;
            }
            if (_preview != null && _preview.BeforeChangeAsync(row.UserId, ZoomOperation.SetPicture, Log, Cancellation).GetAwaiter().GetResult() is UserUpdateResult looked)
            {
                looked.Path = row.Path;
                if (looked.Status == UpdateStatus.Failed)
                {
                    ReportLocalFailure(looked);
                    return;
                }
                if (WhatIf) WriteVerbose($"Skipping '{row.UserId}': {looked.Message}");
                ReportSkipped(looked);
                return;
            }
            // With -Fit, the header says whether the picture would be prepared, and why.
            var action = row.Picture?.Plan is { NeedsPreparing: true } plan
                ? $"Set profile picture, prepared first ({plan.FormatName} {plan.Width} x {plan.Height}: {plan.Why})"
                : "Set profile picture";
            if (ShouldProcess(row.UserId, action))
                StartRow(row.UserId, ct => sync.UploadAsync(row, ct));
        }

        /// <summary>The row names a file (a path that is not blank): it is uploaded, whatever bytes the row also has.</summary>
        private bool UsesFile => !string.IsNullOrWhiteSpace(Path);

        /// <summary>-Confirm, or $ConfirmPreference at or below this cmdlet's impact (Medium): ShouldProcess would ask.</summary>
        private bool ConfirmationWouldPrompt()
        {
            var value = CommandPreferences.Effective(this, "Confirm", "ConfirmPreference");
            if (value is SwitchParameter confirm) return confirm.IsPresent;
            var preference = value is ConfirmImpact impact ? impact
                : value is string text && Enum.TryParse<ConfirmImpact>(text, true, out var parsed) ? parsed
                : ConfirmImpact.High;
            return preference != ConfirmImpact.None && preference <= ConfirmImpact.Medium;
        }

        /// <summary>On the pipeline thread: -Path against the PowerShell location (Set-Location), not the process directory; no wildcards.</summary>
        private Checked<string> ResolvePath()
        {
            if (string.IsNullOrWhiteSpace(Path))
                return Picture.Fail(ErrorIds.PictureMissing, MissingPicture);
            _folders ??= new FolderResolutionCache(ResolveFolder);
            if (_folders.TryResolve(Path) is string known) return Checked<string>.Passed(known);
            try
            {
                var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
                if (!FileSystemPaths.IsFileSystem(provider))
                    return Picture.Fail(ErrorIds.PicturePathInvalid, $"'{Path}' is a {provider.Name} path; the picture must be a file.");
                return Checked<string>.Passed(resolved);
            }
            catch (Exception ex) when (FileSystemPaths.IsUnusablePath(ex))
            {
                return Picture.Fail(ErrorIds.PicturePathInvalid, $"'{Path}' is not a usable file path: {ex.Message}");
            }
        }

        /// <summary>For <see cref="FolderResolutionCache"/>: a folder's file-system path, or null when PowerShell gives none.</summary>
        private string? ResolveFolder(string folder)
        {
            try
            {
                var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(folder, out var provider, out _);
                return FileSystemPaths.IsFileSystem(provider) ? resolved : null;
            }
            catch (Exception ex) when (FileSystemPaths.IsUnusablePath(ex))
            {
                return null;
            }
        }
    }
}
