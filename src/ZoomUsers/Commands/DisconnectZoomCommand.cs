using System.Management.Automation;
using ZoomUsers.Connection;

namespace ZoomUsers.Commands
{
    /// <summary>Forgets the session's connection and its token. Quiet when there was none.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Zoom")]
    public sealed class DisconnectZoomCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            if (!ConnectionRegistry.Remove())
                WriteVerbose("Not connected to Zoom: nothing to disconnect.");
        }
    }
}
