using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Bulk;
using ZoomUsers.Connection;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Commands
{
    /// <summary>
    /// What both Set-ZoomUser* cmdlets share: the connection, concurrent rows while input streams in,
    /// every Write* on the pipeline thread, Ctrl+C, progress, and one result per row.
    /// </summary>
    public abstract class ZoomBulkCommandBase : PSCmdlet, IDisposable
    {
        /// <summary>
        /// An upper bound, not the pace: rows in flight follow the pacer's rate times the round trip
        /// (Little's law), so 60 requests a second at 500 ms take about 40 and a slow account few.
        /// </summary>
        public const int DefaultThrottleLimit = 64;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly Stopwatch _clock = new Stopwatch();
        private readonly int _progressId = Environment.TickCount & 0xFFFF;
        private BulkRunner<PipelineMessage>? _runner;
        private PipelineLog? _log;
        private ZoomSession? _session;
        private bool _whatIf;
        private bool _showProgress;
        private bool _progressShown;
        private TimeSpan _lastProgress;
        private RowRate? _rowRate;
        private int _succeeded;
        private int _failed;

        /// <summary>The most rows in flight at once (fewer when the rate needs fewer). The account's rate limit, not this, sets the pace; 1 means one at a time.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        protected abstract ZoomOperation Operation { get; }

        protected ZoomSession Session => _session ?? throw new InvalidOperationException("BeginProcessing has not run.");
        protected IOperationLog Log => _log ?? throw new InvalidOperationException("BeginProcessing has not run.");
        protected CancellationToken Cancellation => _cancellation.Token;

        protected override void BeginProcessing()
        {
            _clock.Start();
            _session = SessionResolver.Require(this, _cancellation.Token);
            var session = _session;
            _runner = new BulkRunner<PipelineMessage>(ThrottleLimit, _cancellation.Token, () => session.SuggestedConcurrency);
            _log = new PipelineLog(this, _runner.Post);
            _whatIf = IsWhatIf();
            _showProgress = HostIsInteractive() && !ProgressSilenced();
            if (_showProgress) _rowRate = new RowRate();
        }

        /// <summary>
        /// Starts a row that passed its local checks and ShouldProcess. Blocks while ThrottleLimit
        /// rows are in flight, writing finished ones meanwhile. Throws only before the work started;
        /// once it returns the row is running (call <see cref="DeliverReady"/> after).
        /// </summary>
        protected void StartRow(string userId, Func<CancellationToken, Task<UserUpdateResult>> work)
        {
            var runner = _runner!;
            try
            {
                runner.Submit(
                    userId,
                    async ct => PipelineMessage.ForResult(await work(ct).ConfigureAwait(false)),
                    ex => PipelineMessage.ForResult(UserUpdateResult.Failed(userId, Operation,
                        new ZoomFailure(ErrorIds.InternalError, FailureCategory.NotSpecified, $"{ex.GetType().Name}: {ex.Message}"))),
                    Deliver);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A row that failed before any request: its result and its error, now. Under -WhatIf, the error alone.</summary>
        private protected void ReportLocalFailure(string? userId, string errorId, string message, FailureCategory category = FailureCategory.InvalidArgument)
        {
            var result = UserUpdateResult.Failed(userId, Operation, new ZoomFailure(errorId, category, message));
            if (_whatIf)
                WriteError(ResultErrors.For(result));
            else
                WriteResult(result);
            DeliverReady();
        }

        /// <summary>Writes whatever workers have finished (results, verbose and debug lines) without waiting.</summary>
        protected void DeliverReady() => _runner?.DeliverReady(Deliver);

        protected override void EndProcessing()
        {
            try
            {
                _runner?.Complete(Deliver);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            if (_progressShown)
                WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, ProgressText()) { RecordType = ProgressRecordType.Completed });
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
            if (result.Status == UpdateStatus.Succeeded) _succeeded++;
            else _failed++;
            WriteObject(result);
            if (result.Status == UpdateStatus.Failed && result.ErrorId != ErrorIds.OperationStopped)
                WriteError(ResultErrors.For(result));
            ReportProgress();
        }

        /// <summary>At the first result, then at most twice a second: a 100,000-row run must not spend its time drawing.</summary>
        private void ReportProgress()
        {
            if (!_showProgress) return;
            var now = _clock.Elapsed;
            _rowRate!.Add(now, _succeeded + _failed);
            if (_progressShown && now - _lastProgress < ProgressInterval) return;
            _lastProgress = now;
            _progressShown = true;
            WriteProgress(new ProgressRecord(_progressId, MyInvocation.MyCommand.Name, ProgressText()));
        }

        private string ProgressText() =>
            $"{_succeeded + _failed:N0} done, {_failed:N0} failed, {_rowRate?.PerSecond ?? 0:0.#} rows/s, {_runner?.Pending ?? 0} in flight";

        /// <summary>
        /// A console draws progress; a scheduled task, a service or a host without a RawUI does not.
        /// The engine wraps even a missing RawUI in an object that throws once used, so ask it something.
        /// </summary>
        private bool HostIsInteractive()
        {
            if (!Environment.UserInteractive) return false;
            try
            {
                var raw = Host?.UI?.RawUI;
                return raw != null && raw.BufferSize.Width > 0;
            }
            catch (Exception ex) when (ex is RuntimeException || ex is NotImplementedException || ex is NotSupportedException || ex is System.IO.IOException)
            {
                return false;
            }
        }

        /// <summary>$ProgressPreference or -ProgressAction (PowerShell 7.4+) turned progress off: then not even the text is built.</summary>
        private bool ProgressSilenced() =>
            CommandPreferences.AsPreference(CommandPreferences.Effective(this, "ProgressAction", "ProgressPreference")) is ActionPreference p
            && CommandPreferences.IsSilent(p);

        private bool IsWhatIf() => CommandPreferences.IsSet(CommandPreferences.Effective(this, "WhatIf", "WhatIfPreference"));

        public void Dispose()
        {
            // A terminating error (-ErrorAction Stop) ends the pipeline with rows in flight: stop them.
            _cancellation.Cancel();
            _runner?.Dispose();
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
