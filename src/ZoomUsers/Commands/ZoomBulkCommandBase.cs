using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Api;
using ZoomUsers.Bulk;
using ZoomUsers.Connection;
using ZoomUsers.Diagnostics;
using ZoomUsers.Pacing;
using ZoomUsers.Pipeline;
using ZoomUsers.Results;

namespace ZoomUsers.Commands
{
    /// <summary>
    /// What the bulk cmdlets (Set-ZoomUser*, Remove-ZoomUserPicture) share: -UserId, the connection, concurrent rows while input
    /// streams in, every Write* on the pipeline thread, Ctrl+C, progress, and one result per row.
    /// </summary>
    public abstract class ZoomBulkCommandBase : PSCmdlet, IDisposable
    {
        /// <summary>
        /// An upper bound, not the pace: rows in flight follow the pacer's rate times the round trip
        /// (Little's law, with margin: AccountPacer.SuggestedConcurrency), so a 60/s account at 500 ms
        /// (held at 58.8/s) takes 49 and a slow account few.
        /// </summary>
        public const int DefaultThrottleLimit = 64;

        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private BulkRunner<PipelineMessage>? _runner;
        private PipelineLog? _log;
        private ZoomConnection? _connection;
        private BulkProgress? _progress;
        private bool _whatIf;

        // Empty and null values are allowed through binding on purpose: a bad row must still produce
        // its own result and error, not a binding error that leaves no trace in the report.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Most specific first: PowerShell binds the first alias a row has, and a CSV's "Id" is often an employee number.
        [Alias("Email", "EmailAddress", "Mail", "UserPrincipalName", "UPN", "Id")]
        [AllowNull, AllowEmptyString]
        public string UserId { get; set; } = null!;

        /// <summary>The most rows in flight at once (fewer when the rate needs fewer). The account's rate limit, not this, sets the pace; 1 means one at a time.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        protected abstract ZoomOperation Operation { get; }

        /// <summary>The rate-limit labels of the requests each row sends, in turn: what sizes the rows in flight.</summary>
        private protected virtual RateLabel[] RowLabels => MediumOnly;

        private static readonly RateLabel[] MediumOnly = { RateLabel.Medium };

        private protected ZoomConnection Connection => _connection ?? throw new InvalidOperationException("BeginProcessing has not run.");
        private protected IOperationLog Log => _log ?? throw new InvalidOperationException("BeginProcessing has not run.");
        protected CancellationToken Cancellation => _cancellation.Token;
        /// <summary>-WhatIf (or $WhatIfPreference) is in force: nothing is sent and nothing recorded.</summary>
        protected bool WhatIf => _whatIf;

        protected override void BeginProcessing()
        {
            _connection = ConnectionResolver.Require(this, _cancellation.Token);
            var connection = _connection;
            var told = false;
            var runner = _runner = new BulkRunner<PipelineMessage>(ThrottleLimit, _cancellation.Token, () =>
            {
                // Once a run: -ThrottleLimit, not the rate, is what holds it back (on the pipeline thread, as Submit is).
                if (!told && _log is { VerboseEnabled: true } log && connection.ConcurrencyLimitNote(ThrottleLimit) is string note)
                {
                    told = true;
                    log.Verbose(note);
                }
                return connection.SuggestedConcurrencyFor(RowLabels);
            }, RowsTriedAgain);
            _log = new PipelineLog(this, runner.Post);
            _whatIf = CommandPreferences.IsSet(CommandPreferences.Effective(this, "WhatIf", "WhatIfPreference"));
            _progress = new BulkProgress(this, () => runner.Pending);
        }

        /// <summary>
        /// A row whose attempts met transient faults only is tried once more at the end of the run. A
        /// result that will never be written lets go of its round and of the password it carries.
        /// </summary>
        private static readonly SecondRounds<PipelineMessage> RowsTriedAgain = new SecondRounds<PipelineMessage>(
            message => message.Result?.SecondRound is SecondRound round
                ? async ct => PipelineMessage.ForResult(await round.RunAsync(ct).ConfigureAwait(false))
                : (Func<CancellationToken, Task<PipelineMessage>>?)null,
            message =>
            {
                message.Result?.SecondRound?.Abandon();
                message.Result?.NewPassword?.Dispose();
            },
            message => message.Result?.SecondRound?.Park());

        /// <summary>
        /// Starts a row that passed its local checks and ShouldProcess. Blocks while ThrottleLimit
        /// rows are in flight, writing finished ones meanwhile. Throws only before the work started;
        /// once it returns the row is running (call <see cref="DeliverReady"/> after).
        /// </summary>
        protected void StartRow(string userId, Func<CancellationToken, Task<UserUpdateResult>> work)
        {
            var runner = _runner!;
            PipelineStop.OnCancel(() => runner.Submit(
                userId,
                async ct => PipelineMessage.ForResult(await work(ct).ConfigureAwait(false)),
                ex => PipelineMessage.ForResult(UserUpdateResult.Failed(userId, Operation,
                    new ZoomFailure(ErrorIds.InternalError, FailureCategory.NotSpecified, $"{ex.GetType().Name}: {ex.Message}"))),
                Deliver));
        }

        /// <summary>A row that failed before any request: its result and its error, now. Under -WhatIf, the error alone.</summary>
        private protected void ReportLocalFailure(string? userId, ZoomFailure failure) =>
            ReportLocalFailure(UserUpdateResult.Failed(userId, Operation, failure));

        private protected void ReportLocalFailure(UserUpdateResult result)
        {
            if (_whatIf)
                WriteError(ResultErrors.For(result));
            else
                WriteResult(result);
            DeliverReady();
        }

        /// <summary>A row with nothing to do (Status Skipped): its result now, no error. Under -WhatIf, nothing.</summary>
        private protected void ReportSkipped(UserUpdateResult result)
        {
            if (!_whatIf) WriteResult(result);
            DeliverReady();
        }

        /// <summary>
        /// -BackupPath's folder, resolved against the PowerShell location and created unless under -WhatIf:
        /// the step that saves each user's current picture there before it changes. Terminates the
        /// command, before any input, when the folder is unusable.
        /// </summary>
        private protected Backup.PictureBackup OpenBackup(string path)
        {
            string full;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (!FileSystemPaths.IsFileSystem(provider))
                    throw new ArgumentException($"'{path}' is a {provider.Name} path; -BackupPath must be a folder.");
                var folder = new Backup.BackupFolder(full);
                if (!_whatIf) folder.Create();
                return new Backup.PictureBackup(folder, Connection.PictureDownload());
            }
            catch (Exception ex) when (FileSystemPaths.IsUnusablePath(ex) || ex is ArgumentException || ex is System.IO.IOException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.PictureBackupFailed, ErrorCategory.WriteError, path));
                throw; // not reached
            }
        }

        /// <summary>Writes whatever workers have finished (results, verbose and debug lines) without waiting.</summary>
        protected void DeliverReady() => _runner?.DeliverReady(Deliver);

        protected override void EndProcessing()
        {
            PipelineStop.OnCancel(() => _runner?.Complete(Deliver));
            _progress?.Complete();
        }

        /// <summary>Ctrl+C: cancels every request in flight; rows already finished were written.</summary>
        protected override void StopProcessing() => _cancellation.Cancel();

        private void Deliver(PipelineMessage message)
        {
            if (message.Result != null) WriteResult(message.Result);
            else if (message.IsDebug) WriteDebug(message.Text);
            else WriteVerbose(message.Text);
        }

        private void WriteResult(UserUpdateResult result)
        {
            // Delivered as it is: a round it offered will not run, and the result the user keeps must
            // not keep the round's attempts (and what they send) reachable.
            result.SecondRound?.Abandon();
            result.SecondRound = null;
            Emit(result);
            _progress?.Row(result.Status);
        }

        /// <summary>What a row's result becomes on the pipeline: the result itself, and its error when it failed.</summary>
        private protected virtual void Emit(UserUpdateResult result)
        {
            WriteObject(result);
            if (result.Status == UpdateStatus.Failed && result.ErrorId != ErrorIds.OperationStopped)
                WriteError(ResultErrors.For(result));
        }

        /// <summary>At the end of the pipeline, however it ended (stopped, a terminating error, done): release what the run held. Must not throw.</summary>
        protected virtual void EndRun() { }

        public void Dispose()
        {
            // A terminating error (-ErrorAction Stop) ends the pipeline with rows in flight: stop them.
            _cancellation.Cancel();
            EndRun();
            _runner?.Dispose();
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
