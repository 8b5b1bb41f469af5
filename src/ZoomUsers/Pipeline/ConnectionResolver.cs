using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using ZoomUsers.Auth;
using ZoomUsers.Connection;
using ZoomUsers.Http;

namespace ZoomUsers.Pipeline
{
    /// <summary>The PowerShell session's connection, or one made from ZOOM_* environment variables, or a clear "run Connect-Zoom".</summary>
    internal static class ConnectionResolver
    {
        public static ZoomConnection Require(PSCmdlet cmdlet, CancellationToken cancellation)
        {
            var connection = ConnectionRegistry.Current;
            if (connection != null) return connection;

            if (!EnvironmentCredentials.AnySet)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("Not connected to Zoom. Run Connect-Zoom first, or set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET."),
                    ErrorIds.NotConnected, ErrorCategory.AuthenticationError, null));
            }

            var options = new ZoomConnectionOptions();
            var missing = FillFromEnvironment(cmdlet, options);
            if (missing.Count > 0)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"Not connected to Zoom, and the environment lacks {string.Join(", ", missing)}. Run Connect-Zoom, or set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET."),
                    ErrorIds.NotConnected, ErrorCategory.AuthenticationError, null));
            }

            cmdlet.WriteVerbose($"Not connected: connecting to Zoom account '{options.AccountId}' from the ZOOM_* environment variables.");
            connection = Connect(cmdlet, options, cancellation);
            ConnectionRegistry.Set(connection);
            return connection;
        }

        /// <summary>Reads the ZOOM_* variables into <paramref name="options"/>; a malformed URI among them is a terminating error.</summary>
        /// <returns>The names of the credential variables that are missing.</returns>
        public static IReadOnlyList<string> FillFromEnvironment(PSCmdlet cmdlet, ZoomConnectionOptions options)
        {
            IReadOnlyList<string> missing = Array.Empty<string>();
            try
            {
                missing = EnvironmentCredentials.Fill(options);
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidConnectionParameter, ErrorCategory.InvalidArgument, null));
            }
            return missing;
        }

        /// <summary>Connects, turning every way that can fail into a terminating error that says what happened.</summary>
        public static ZoomConnection Connect(PSCmdlet cmdlet, ZoomConnectionOptions options, CancellationToken cancellation)
        {
            options.PowerShellVersion = PowerShellVersion(cmdlet);
            ZoomConnection? connection = null;
            try
            {
                connection = PipelineStop.OnCancel(() => ZoomConnection.ConnectAsync(options, cancellation).GetAwaiter().GetResult());
            }
            catch (ProxyAuthenticationException ex)
            {
                // The proxy's 407, not Zoom's refusal: its own ErrorId, and nothing said about Zoom.
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.ProxyAuthenticationRequired, ErrorCategory.AuthenticationError, ex.Proxy));
            }
            catch (TlsCertificateException ex)
            {
                // The certificate on the way to Zoom's token service was refused: named, not "Zoom refused".
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.SecurityError, ex.Host));
            }
            catch (ZoomAuthenticationException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.ZoomAuthenticationFailed, ErrorCategory.AuthenticationError, options.AccountId));
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidConnectionParameter, ErrorCategory.InvalidArgument, options.AccountId));
            }
            // ThrowTerminatingError always throws: only a successful connect gets here.
            return connection!;
        }

        /// <summary>$PSVersionTable's edition and version: "Core 7.6.9", "Desktop 5.1.22621.4391".</summary>
        private static string? PowerShellVersion(PSCmdlet cmdlet) =>
            cmdlet.SessionState.PSVariable.GetValue("PSVersionTable") is System.Collections.Hashtable table
                ? $"{table["PSEdition"] ?? "Desktop"} {table["PSVersion"]}".Trim()
                : null;
    }
}
