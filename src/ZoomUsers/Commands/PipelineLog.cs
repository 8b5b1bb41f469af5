using System;
using System.Management.Automation;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Commands
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

        private static bool Enabled(PSCmdlet cmdlet, string switchName, string preferenceVariable)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out var bound))
                return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
            var preference = cmdlet.GetVariableValue(preferenceVariable);
            if (preference is PSObject wrapped) preference = wrapped.BaseObject;
            return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }
    }
}
