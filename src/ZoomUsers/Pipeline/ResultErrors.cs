using System;
using System.Management.Automation;
using ZoomUsers.Commands;
using ZoomUsers.Results;

namespace ZoomUsers.Pipeline
{
    /// <summary>The ErrorRecord a failed row writes: its ErrorId, a fitting category, and the result (never the input row) as target.</summary>
    internal static class ResultErrors
    {
        public static ErrorRecord For(UserUpdateResult result)
        {
            var what = result.Operation switch
            {
                ZoomOperation.SetPicture => "set the profile picture",
                ZoomOperation.RemovePicture => "remove the profile picture",
                ZoomOperation.GetUser => "look up the user",
                ZoomOperation.BackupPicture => "back up the profile picture",
                ZoomOperation.ListUsers => "list the account's users",
                _ => "set the password",
            };
            var who = result.UserId != null ? $" of '{result.UserId}'" : string.Empty;
            var exception = new ZoomUserUpdateException($"Could not {what}{who}: {result.Message}");
            return new ErrorRecord(exception, result.ErrorId ?? ErrorIds.InternalError, Category(result.Category), result);
        }

        internal static ErrorCategory Category(FailureCategory category) => category switch
        {
            FailureCategory.InvalidArgument => ErrorCategory.InvalidArgument,
            FailureCategory.InvalidData => ErrorCategory.InvalidData,
            FailureCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
            FailureCategory.PermissionDenied => ErrorCategory.PermissionDenied,
            FailureCategory.AuthenticationError => ErrorCategory.AuthenticationError,
            FailureCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
            FailureCategory.ConnectionError => ErrorCategory.ConnectionError,
            FailureCategory.OperationTimeout => ErrorCategory.OperationTimeout,
            FailureCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            FailureCategory.ProtocolError => ErrorCategory.ProtocolError,
            FailureCategory.InvalidOperation => ErrorCategory.InvalidOperation,
            FailureCategory.OperationStopped => ErrorCategory.OperationStopped,
            FailureCategory.ReadError => ErrorCategory.ReadError,
            FailureCategory.ResourceBusy => ErrorCategory.ResourceBusy,
            FailureCategory.SecurityError => ErrorCategory.SecurityError,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
