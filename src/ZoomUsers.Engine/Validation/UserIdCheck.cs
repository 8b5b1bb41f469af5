using System;
using ZoomUsers.Results;

namespace ZoomUsers.Validation
{
    /// <summary>Checks a user id before it becomes a path segment of a request.</summary>
    internal static class UserIdCheck
    {
        private const int MaxLength = 256;

        /// <summary>Null when the id can be sent, else why not.</summary>
        public static ZoomFailure? Check(string? userId)
        {
            if (userId == null || userId.Trim().Length == 0)
                return Missing("The input has no user id: give -UserId, or a property named UserId, Id, Email, EmailAddress, Mail, UserPrincipalName or UPN that is not empty.");
            if (LooksLikeAWholeRow(userId))
                return Missing("The input object has no user id property (UserId, Id, Email, EmailAddress, Mail, UserPrincipalName or UPN), so the whole object was bound as the id; the row was not sent.");
            if (userId.Trim() == "." || userId.Trim() == "..")
                return Invalid($"'{userId}' is not a user id or email address.");
            if (HasControlCharacters(userId))
                return Invalid("The user id contains control characters (a line break or tab from the input file?).");
            if (userId.Length > MaxLength)
                return Invalid($"The user id is longer than {MaxLength} characters.");
            return null;
        }

        /// <summary>
        /// What the report may show of an id. When a whole input row was turned into a string (a row
        /// with no user column binds by value as "@{...}"), the text may hold other columns, a
        /// password among them, so it is never echoed; line breaks and tabs become spaces, and an
        /// overlong id is cut.
        /// </summary>
        public static string? ForReport(string? userId)
        {
            if (userId == null || userId.Trim().Length == 0 || LooksLikeAWholeRow(userId)) return null;
            if (HasControlCharacters(userId)) return userId.Replace("\r", " ").Replace("\n", " ").Replace("\t", " ");
            return userId.Length > MaxLength ? userId.Substring(0, 64) + "..." : userId;
        }

        private static ZoomFailure Missing(string message) => new ZoomFailure(ErrorIds.UserIdMissing, FailureCategory.InvalidArgument, message);

        private static ZoomFailure Invalid(string message) => new ZoomFailure(ErrorIds.UserIdInvalid, FailureCategory.InvalidArgument, message);

        private static bool HasControlCharacters(string value)
        {
            foreach (var c in value)
                if (char.IsControl(c)) return true;
            return false;
        }

        private static bool LooksLikeAWholeRow(string value) =>
            value.StartsWith("@{", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal);
    }
}
