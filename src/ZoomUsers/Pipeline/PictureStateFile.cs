using System;
using System.Management.Automation;
using ZoomUsers.Connection;
using ZoomUsers.Sync;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// -StatePath for the picture cmdlets: Set-ZoomUserPicture records uploads in it and
    /// Remove-ZoomUserPicture drops records from it. Opening it is the run's first act, so a path
    /// that cannot be used stops the run before anything is sent.
    /// </summary>
    internal static class PictureStateFile
    {
        /// <summary>Opens (locks) the file for this run; under -WhatIf reads it and never writes. Terminates the cmdlet when it cannot.</summary>
        public static PictureState Open(PSCmdlet cmdlet, string statePath, ZoomConnection connection, bool whatIf)
        {
            string full;
            try
            {
                full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(statePath, out var provider, out _);
                if (!FileSystemPaths.IsFileSystem(provider))
                    throw new ArgumentException($"'{statePath}' is a {provider.Name} path; the state must be a file.");
            }
            catch (Exception ex) when (FileSystemPaths.IsUnusablePath(ex))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-StatePath '{statePath}' is not a usable file path: {ex.Message}", ex),
                    ErrorIds.StateFileUnavailable, ErrorCategory.InvalidArgument, statePath));
                throw; // not reached
            }

            var account = connection.GetInfo().AccountId;
            if (string.IsNullOrEmpty(account))
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                        "-StatePath keeps its records per Zoom account, and a connection made with -AccessToken does not say which account it is. " +
                        "Connect with -AccountId and the app's client id and secret (or the ZOOM_* environment variables) to use -StatePath. Nothing was sent."),
                    ErrorIds.StateAccountUnknown, ErrorCategory.InvalidOperation, full));

            try
            {
                // -WhatIf decides from the state but never writes it, nor takes it from another run.
                var state = whatIf ? PictureState.OpenReadOnly(full, account!) : PictureState.Open(full, account!);
                cmdlet.WriteVerbose($"State file '{state.FilePath}': {state.Count:N0} uploads recorded{(whatIf ? " (read only under -WhatIf)" : string.Empty)}.");
                return state;
            }
            catch (StateFileException ex)
            {
                cmdlet.ThrowTerminatingError(Error(ex));
                throw; // not reached
            }
        }

        /// <summary>At the end of a run that completed: writes the state file, or the error saying why it could not.</summary>
        public static void Close(PSCmdlet cmdlet, PictureState? state)
        {
            try
            {
                state?.Close();
            }
            catch (StateFileException ex)
            {
                cmdlet.WriteError(Error(ex));
            }
        }

        /// <summary>Stopped or failed: must not throw. What was recorded stays in the journal, and the next run folds it in.</summary>
        public static void CloseQuietly(PictureState? state)
        {
            try
            {
                state?.Close();
            }
            catch (StateFileException)
            {
            }
        }

        public static ErrorRecord Error(StateFileException ex) =>
            new ErrorRecord(ex, ex.ErrorId, ResultErrors.Category(ex.Category), ex.FilePath);
    }
}
