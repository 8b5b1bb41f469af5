using System;
using System.Management.Automation;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// The engine's log for one cmdlet call: lines are queued to the pipeline thread, and only when
    /// the stream is on, so a 100,000-row run without -Verbose builds no strings.
    /// </summary>
    internal sealed class PipelineLog : IOperationLog
    {
        private readonly Action<PipelineMessage> _post;

        public PipelineLog(PSCmdlet cmdlet, Action<PipelineMessage> post)
        {
            _post = post;
            VerboseEnabled = Enabled(cmdlet, "Verbose", "VerbosePreference");
            DebugEnabled = Enabled(cmdlet, "Debug", "DebugPreference");
        }

        public bool VerboseEnabled { get; }
        public bool DebugEnabled { get; }

        public void Verbose(string message)
        {
            if (VerboseEnabled) _post(PipelineMessage.Verbose(message));
        }

        public void Debug(string message)
        {
            if (DebugEnabled) _post(PipelineMessage.Debug(message));
        }

        /// <summary>On when the switch was given, or when the preference variable lets the stream through.</summary>
        private static bool Enabled(PSCmdlet cmdlet, string switchName, string preferenceVariable)
        {
            var value = CommandPreferences.Effective(cmdlet, switchName, preferenceVariable);
            if (value is SwitchParameter || value is bool) return CommandPreferences.IsSet(value);
            return CommandPreferences.AsPreference(value) is ActionPreference p && !CommandPreferences.IsSilent(p);
        }
    }
}
