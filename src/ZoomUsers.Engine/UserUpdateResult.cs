using System;
using System.Security;
using ZoomUsers.Results;

namespace ZoomUsers
{
    /// <summary>
    /// The outcome of one input row: exactly one per row, success or failure, so a bulk run ends in a
    /// report that <c>Export-Csv</c> turns into a clean file. Holds a secret only as a SecureString
    /// (<see cref="NewPassword"/>), which <c>Export-Csv</c> and the format view never show as text.
    /// </summary>
    public sealed class UserUpdateResult
    {
        internal UserUpdateResult(string? userId, ZoomOperation operation)
        {
            UserId = userId;
            Operation = operation;
        }

        public string? UserId { get; }
        public ZoomOperation Operation { get; }
        public UpdateStatus Status { get; internal set; }
        public int? HttpStatus { get; internal set; }
        /// <summary>Zoom's numeric error code (for example 1001), when Zoom sent one.</summary>
        public int? ErrorCode { get; internal set; }
        /// <summary>A stable identifier of the failure, the same one the error record carries.</summary>
        public string? ErrorId { get; internal set; }
        public string? Message { get; internal set; }
        public int Attempts { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        /// <summary>Zoom's <c>x-zm-trackingid</c>: what Zoom support asks for when a call misbehaves.</summary>
        public string? TrackingId { get; internal set; }
        /// <summary>The picture's URL, when Zoom answers with <c>Content-Location</c>.</summary>
        public string? PictureUrl { get; internal set; }
        /// <summary>
        /// The picture file as resolved (empty for bytes and for passwords), so a report's failed rows
        /// piped back into Set-ZoomUserPicture bind the same files again.
        /// </summary>
        public string? Path { get; internal set; }

        /// <summary>
        /// The password <c>Set-ZoomUserPassword -Random</c> set, on rows that succeeded; null otherwise. A
        /// SecureString, so a report written with <c>Export-Csv</c> holds no password by accident.
        /// </summary>
        public SecureString? NewPassword { get; internal set; }

        /// <summary>The user a lookup (<see cref="ZoomOperation.GetUser"/>) found; not part of the report.</summary>
        internal ZoomUser? User { get; set; }

        /// <summary>How the failure maps onto PowerShell's error categories; not part of the report.</summary>
        internal FailureCategory Category { get; set; }

        /// <summary>Offered with a failure met on transient faults alone: one more set of attempts at the end of the run.</summary>
        internal Api.SecondRound? SecondRound { get; set; }

        /// <summary>
        /// Applies <paramref name="step"/> (a layer's finishing of the row's result) to this result now,
        /// and to the second round's result if one is offered.
        /// </summary>
        internal UserUpdateResult Finish(Func<UserUpdateResult, UserUpdateResult> step)
        {
            SecondRound?.Then(step);
            return step(this);
        }

        public override string ToString() => Status switch
        {
            UpdateStatus.Succeeded => $"{Operation} {UserId}: {Status}",
            UpdateStatus.Skipped => $"{Operation} {UserId}: {Status} ({Message})",
            _ => $"{Operation} {UserId}: {Status} ({ErrorId}) {Message}",
        };

        /// <summary>A row that needed no request: its picture is the one last uploaded.</summary>
        internal static UserUpdateResult Skipped(string userId, ZoomOperation operation, string message) =>
            new UserUpdateResult(userId, operation) { Status = UpdateStatus.Skipped, Message = message };

        internal static UserUpdateResult Succeeded(string userId, ZoomOperation operation, string message) =>
            new UserUpdateResult(userId, operation) { Status = UpdateStatus.Succeeded, Message = message };

        internal static UserUpdateResult Failed(string? userId, ZoomOperation operation, ZoomFailure failure)
        {
            var result = new UserUpdateResult(userId, operation);
            result.Fail(failure);
            return result;
        }

        internal void Fail(ZoomFailure failure)
        {
            Status = UpdateStatus.Failed;
            ErrorId = failure.ErrorId;
            Message = failure.Message;
            Category = failure.Category;
            if (failure.ErrorCode.HasValue) ErrorCode = failure.ErrorCode;
            if (failure.HttpStatus.HasValue) HttpStatus = failure.HttpStatus;
        }
    }
}
