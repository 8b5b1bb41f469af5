using System;
using System.Management.Automation;
using ZoomUsers.Bulk;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>Uploads profile pictures: from files (a CSV's path column) or bytes (an AD user's thumbnailPhoto).</summary>
    [Cmdlet(VerbsCommon.Set, "ZoomUserPicture", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class SetZoomUserPictureCommand : ZoomBulkCommandBase
    {
        private const string PathSet = "Path";
        private const string BytesSet = "ImageData";

        // Empty and null values are allowed through binding on purpose: a bad row must still produce
        // its own result and error, not a binding error that leaves no trace in the report.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Most specific first: PowerShell binds the first alias a row has, and a CSV's "Id" is often an employee number.
        [Alias("Email", "EmailAddress", "Mail", "UserPrincipalName", "UPN", "Id")]
        [AllowNull, AllowEmptyString]
        public string UserId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PicturePath", "PhotoPath", "FilePath", "Picture")]
        [AllowNull, AllowEmptyString]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = BytesSet, ValueFromPipelineByPropertyName = true)]
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

        private PictureState? _state;
        private ReadAhead<PictureRow>? _readAhead;

        protected override ZoomOperation Operation => ZoomOperation.SetPicture;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // As deep as the rows in flight: reads and hashes overlap the uploads instead of
            // preceding each one on this thread.
            _readAhead = new ReadAhead<PictureRow>(ThrottleLimit);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(StatePath))) _state = OpenState();
        }

        protected override void ProcessRecord()
        {
            var problem = UserIdCheck.Validate(UserId, out var safeUserId, out var idError);
            if (problem != null)
            {
                ReportLocalFailure(safeUserId, idError!, problem);
                return;
            }

            var userId = UserId;
            var state = _state;
            if (ParameterSetName == BytesSet)
            {
                var bytes = ImageData;
                _readAhead!.Start(() => PictureRow.FromBytes(userId, bytes, state), ex => PictureRow.Faulted(userId, null, ex));
            }
            else
            {
                var failure = ResolvePath(out var fullPath);
                if (failure != null)
                {
                    var result = UserUpdateResult.Failed(userId, Operation, failure);
                    result.Path = Path;
                    ReportLocalFailure(result);
                    return;
                }
                _readAhead!.Start(() => PictureRow.FromFile(userId, fullPath!, state), ex => PictureRow.Faulted(userId, fullPath, ex));
            }
            DecideRows(() => _readAhead!.IsFull);
        }

        protected override void EndProcessing()
        {
            DecideRows(() => _readAhead!.Count > 0);
            base.EndProcessing();
            try
            {
                _state?.Close();
            }
            catch (StateFileException ex)
            {
                WriteError(StateError(ex));
            }
        }

        protected override void EndRun()
        {
            try
            {
                _state?.Close();
            }
            catch (StateFileException)
            {
                // Stopped or failed: what was recorded stays in the journal, and the next run folds it in.
            }
        }

        /// <summary>Decides, in input order, the rows whose reading is done, then waits for more while <paramref name="mustWait"/> holds (the read-ahead is full; or, at the end, not empty).</summary>
        private void DecideRows(Func<bool> mustWait)
        {
            var readAhead = _readAhead!;
            try
            {
                while (readAhead.TryTakeReady(out var ready)) Decide(ready);
                while (mustWait()) Decide(readAhead.TakeNext(DeliverReady, Cancellation));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            DeliverReady();
        }

        /// <summary>On the pipeline thread: a row's result now (failed, skipped) or, if ShouldProcess agrees, its upload.</summary>
        private void Decide(PictureRow row)
        {
            if (row.Failure != null)
            {
                var failed = UserUpdateResult.Failed(row.UserId, Operation, row.Failure);
                failed.Path = row.Path;
                ReportLocalFailure(failed);
                return;
            }

            var picture = row.Picture!;
            if (row.UnchangedSince is DateTimeOffset since && !Force)
            {
                var message = $"Unchanged since it was uploaded on {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (state file).";
                if (WhatIf) WriteVerbose($"Skipping '{row.UserId}': {message}");
                var skipped = UserUpdateResult.Skipped(row.UserId, Operation, message);
                skipped.Path = row.Path;
                ReportSkipped(skipped);
                return;
            }

            if (!ShouldProcess(row.UserId, "Set profile picture")) return;

            var userId = row.UserId;
            var state = _state;
            WriteVerbose($"Uploading {picture.FileName} ({picture.Bytes.Length:N0} bytes, {picture.ContentType}) as the profile picture of '{userId}'.");
            StartRow(userId, async ct =>
            {
                var result = await Session.SetPictureAsync(userId, picture, Log, ct).ConfigureAwait(false);
                result.Path = row.Path;
                if (state != null && row.Digest is PictureDigest digest && result.Status == UpdateStatus.Succeeded)
                {
                    try
                    {
                        state.Record(userId, digest, DateTimeOffset.UtcNow);
                    }
                    catch (StateFileException ex)
                    {
                        // Zoom has the picture; only the memory of it is missing, so the next run uploads it again.
                        result.Message = "Uploaded, but not recorded: " + ex.Message;
                    }
                }
                return result;
            });
        }

        private PictureState OpenState()
        {
            string full;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"'{StatePath}' is a {provider.Name} path; the state must be a file.");
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-StatePath '{StatePath}' is not a usable file path: {ex.Message}", ex),
                    ErrorIds.StateFileUnavailable, ErrorCategory.InvalidArgument, StatePath));
                throw; // not reached
            }

            var account = Session.GetInfo().AccountId;
            if (string.IsNullOrEmpty(account))
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                        "-StatePath keeps its records per Zoom account, and a connection made with -AccessToken does not say which account it is. " +
                        "Connect with -AccountId and the app's client id and secret (or the ZOOM_* environment variables) to use -StatePath. Nothing was sent."),
                    ErrorIds.StateAccountUnknown, ErrorCategory.InvalidOperation, full));

            try
            {
                // -WhatIf decides from the state but never writes it, nor takes it from another run.
                var state = WhatIf ? PictureState.OpenReadOnly(full, account!) : PictureState.Open(full, account!);
                WriteVerbose($"State file '{state.FilePath}': {state.Count:N0} uploads recorded{(WhatIf ? " (read only under -WhatIf)" : string.Empty)}.");
                return state;
            }
            catch (StateFileException ex)
            {
                ThrowTerminatingError(StateError(ex));
                throw; // not reached
            }
        }

        private static ErrorRecord StateError(StateFileException ex) =>
            new ErrorRecord(ex, ex.ErrorId, ResultErrors.Category(ex.Category), ex.FilePath);

        /// <summary>On the pipeline thread: -Path against the PowerShell location (Set-Location), not the process directory; no wildcards.</summary>
        private ZoomFailure? ResolvePath(out string? fullPath)
        {
            fullPath = null;
            if (string.IsNullOrWhiteSpace(Path))
                return new ZoomFailure(ErrorIds.PictureMissing, FailureCategory.InvalidArgument, $"No picture path was given for '{UserId}'.");
            try
            {
                var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    return new ZoomFailure(ErrorIds.PicturePathInvalid, FailureCategory.InvalidArgument, $"'{Path}' is a {provider.Name} path; the picture must be a file.");
                fullPath = resolved;
                return null;
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                return new ZoomFailure(ErrorIds.PicturePathInvalid, FailureCategory.InvalidArgument, $"'{Path}' is not a usable file path: {ex.Message}");
            }
        }
    }
}
