using System;

namespace ZoomUsers.Validation
{
    /// <summary>Checks a user id before it becomes a path segment of a request.</summary>
    public static class UserIdCheck
    {
        /// <summary>
        /// Returns null when the id can be sent, else the failure. <paramref name="safeUserId"/> is
        /// what the report may show: when a whole input row was turned into a string (a row with no
        /// user column binds by value as "@{...}"), the text may hold other columns, a password among
        /// them, so it is never echoed.
        /// </summary>
        public static string? Validate(string? userId, out string? safeUserId, out string? errorId)
        {
            safeUserId = userId;
            errorId = null;
            if (userId == null || userId.Trim().Length == 0)
            {
                safeUserId = null;
                errorId = ErrorIds.UserIdMissing;
                return "The input has no user id: give -UserId, or a property named UserId, Id, Email, EmailAddress, Mail, UserPrincipalName or UPN that is not empty.";
            }

            if (LooksLikeAWholeRow(userId))
            {
                safeUserId = null;
                errorId = ErrorIds.UserIdMissing;
                return "The input object has no user id property (UserId, Id, Email, EmailAddress, Mail, UserPrincipalName or UPN), so the whole object was bound as the id; the row was not sent.";
            }

            if (userId.Trim() == "." || userId.Trim() == "..")
            {
                errorId = ErrorIds.UserIdInvalid;
                return $"'{userId}' is not a user id or email address.";
            }

            foreach (var c in userId)
            {
                if (char.IsControl(c))
                {
                    safeUserId = userId.Replace("\r", " ").Replace("\n", " ").Replace("\t", " ");
                    errorId = ErrorIds.UserIdInvalid;
                    return "The user id contains control characters (a line break or tab from the input file?).";
                }
            }

            if (userId.Length > 256)
            {
                safeUserId = userId.Substring(0, 64) + "...";
                errorId = ErrorIds.UserIdInvalid;
                return "The user id is longer than 256 characters.";
            }

            return null;
        }

        private static bool LooksLikeAWholeRow(string value) =>
            value.StartsWith("@{", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal);
    }
}
