using System.Management.Automation;
using ZoomUsers.Connection;

namespace ZoomUsers.Commands
{
    /// <summary>Shows the session's connection (account, client, API base, scopes, token expiry); nothing when not connected.</summary>
    [Cmdlet(VerbsCommon.Get, "ZoomConnection")]
    [OutputType(typeof(ZoomConnectionInfo))]
    public sealed class GetZoomConnectionCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            var connection = ConnectionRegistry.Current;
            if (connection != null) WriteObject(connection.GetInfo());
        }
    }
}
