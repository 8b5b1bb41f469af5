using System;
using System.Diagnostics;
using System.Management.Automation;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// The progress bar of one bulk call: rows done, skipped and failed, the recent row rate, rows in flight.
    /// Only drawn where someone can see it, and at most twice a second: a 100,000-row run must not
    /// spend its time drawing.
    /// </summary>
    internal sealed class BulkProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

        private readonly Cmdlet _cmdlet;
        private readonly string _activity;
        private readonly Func<int> _inFlight;
        private readonly int _id = Environment.TickCount & 0xFFFF;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly RowRate? _rowRate;
        private bool _shown;
        private TimeSpan _last;
        private int _succeeded;
        private int _failed;
        private int _skipped;

        public BulkProgress(PSCmdlet cmdlet, Func<int> inFlight)
        {
            _cmdlet = cmdlet;
            _activity = cmdlet.MyInvocation.MyCommand.Name;
            _inFlight = inFlight;
            if (HostIsInteractive(cmdlet) && !ProgressSilenced(cmdlet)) _rowRate = new RowRate();
        }

        /// <summary>On the pipeline thread, after each result is written: at the first result, then at most every <see cref="Interval"/>.</summary>
        public void Row(UpdateStatus status)
        {
            if (status == UpdateStatus.Succeeded) _succeeded++;
            else if (status == UpdateStatus.Skipped) _skipped++;
            else _failed++;
            if (_rowRate == null) return;
            var now = _clock.Elapsed;
            _rowRate.Add(now, _succeeded + _failed + _skipped);
            if (_shown && now - _last < Interval) return;
            _last = now;
            _shown = true;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, Text()));
        }

        /// <summary>Takes the bar down, when one was drawn.</summary>
        public void Complete()
        {
            if (_shown)
                _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, Text()) { RecordType = ProgressRecordType.Completed });
        }

        private string Text() =>
            $"{_succeeded + _failed + _skipped:N0} done, {_skipped:N0} skipped, {_failed:N0} failed, {_rowRate?.PerSecond ?? 0:0.#} rows/s, {_inFlight()} in flight";

        /// <summary>
        /// A console draws progress; a scheduled task, a service or a host without a RawUI does not.
        /// The engine wraps even a missing RawUI in an object that throws once used, so ask it something.
        /// </summary>
        private static bool HostIsInteractive(PSCmdlet cmdlet)
        {
            if (!Environment.UserInteractive) return false;
            try
            {
                var raw = cmdlet.Host?.UI?.RawUI;
                return raw != null && raw.BufferSize.Width > 0;
            }
            catch (Exception ex) when (ex is RuntimeException || ex is NotImplementedException || ex is NotSupportedException || ex is System.IO.IOException)
            {
                return false;
            }
        }

        /// <summary>$ProgressPreference or -ProgressAction (PowerShell 7.4+) turned progress off: then not even the text is built.</summary>
        private static bool ProgressSilenced(PSCmdlet cmdlet) =>
            CommandPreferences.AsPreference(CommandPreferences.Effective(cmdlet, "ProgressAction", "ProgressPreference")) is ActionPreference p
            && CommandPreferences.IsSilent(p);
    }
}
