using System;
using ZoomUsers.Results;

namespace ZoomUsers.Api
{
    /// <summary>Turns Zoom's (HTTP status, code, message) into a stable ErrorId and category for the report.</summary>
    internal static class ErrorCatalog
    {
        public static ZoomFailure Map(ZoomOperation operation, int status, int? code, string message)
        {
            if (status == 404 || code == 1001 || code == 1010)
                return Fail(ErrorIds.UserNotFound, FailureCategory.ObjectNotFound);
            if (code == 4711)
                return Fail(ErrorIds.MissingScope, FailureCategory.PermissionDenied,
                    message + $" Add the scope {ClassicScope(operation)} (or {GranularScope(operation)}) to the Server-to-Server OAuth app.");
            if (status == 401)
                return Fail(ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError);
            if (status == 403)
                return Fail(ErrorIds.PermissionDenied, FailureCategory.PermissionDenied);
            if (status == 429)
                return Fail(ErrorIds.RateLimited, FailureCategory.LimitsExceeded);
            if (status >= 500)
                return Fail(ErrorIds.ServerError, FailureCategory.ResourceUnavailable);
            if (status >= 400)
                return operation == ZoomOperation.SetPassword ? Password(code)
                    : operation == ZoomOperation.GetUser || operation == ZoomOperation.ListUsers ? Fail(ErrorIds.BadRequest, FailureCategory.InvalidData)
                    : Picture(code);
            return Fail(ErrorIds.UnexpectedResponse, FailureCategory.ProtocolError);

            ZoomFailure Picture(int? c) => c switch
            {
                120 => Fail(ErrorIds.PictureRejected, FailureCategory.InvalidData),
                300 => Fail(ErrorIds.PictureContentRejected, FailureCategory.InvalidData),
                200 => Fail(ErrorIds.PictureChangeNotAllowed, FailureCategory.PermissionDenied),
                _ => Fail(ErrorIds.BadRequest, FailureCategory.InvalidData),
            };

            ZoomFailure Password(int? c) => c switch
            {
                300 when Mentions("old password") || Mentions("can not match") => Fail(ErrorIds.PasswordSameAsOld, FailureCategory.InvalidData),
                // Zoom's wording: "...already been changed the maximum number of times over the past 24 hours."
                300 when Mentions("24 hours") || Mentions("maximum number") || Mentions("too many") || Mentions("too often") => Fail(ErrorIds.PasswordChangeLimit, FailureCategory.LimitsExceeded),
                300 => Fail(ErrorIds.PasswordRejected, FailureCategory.InvalidData),
                1117 => Fail(ErrorIds.AdminPasswordChangeNotAllowed, FailureCategory.PermissionDenied),
                1123 => Fail(ErrorIds.PasswordChangeNotSupported, FailureCategory.InvalidOperation),
                1124 => Fail(ErrorIds.PasswordTooShort, FailureCategory.InvalidData),
                1125 => Fail(ErrorIds.PasswordNeedsLetter, FailureCategory.InvalidData),
                1126 => Fail(ErrorIds.PasswordNeedsNumber, FailureCategory.InvalidData),
                1127 => Fail(ErrorIds.PasswordNeedsSpecialCharacter, FailureCategory.InvalidData),
                1128 => Fail(ErrorIds.PasswordNeedsMixedCase, FailureCategory.InvalidData),
                1129 => Fail(ErrorIds.PasswordRecentlyUsed, FailureCategory.InvalidData),
                1130 => Fail(ErrorIds.PasswordRepeatedCharacter, FailureCategory.InvalidData),
                1131 => Fail(ErrorIds.PasswordConsecutiveCharacters, FailureCategory.InvalidData),
                1136 => Fail(ErrorIds.PasswordTooWeak, FailureCategory.InvalidData),
                _ => Fail(ErrorIds.BadRequest, FailureCategory.InvalidData),
            };

            bool Mentions(string text) => message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;

            ZoomFailure Fail(string id, FailureCategory category, string? text = null) =>
                new ZoomFailure(id, category, text ?? message, status, code);
        }

        private static string ClassicScope(ZoomOperation operation) =>
            operation == ZoomOperation.GetUser || operation == ZoomOperation.ListUsers ? "user:read:admin" : "user:write:admin";

        private static string GranularScope(ZoomOperation operation) => operation switch
        {
            ZoomOperation.GetUser => "user:read:user:admin",
            ZoomOperation.ListUsers => "user:read:list_users:admin",
            ZoomOperation.SetPicture => "user:write:profile_picture:admin",
            ZoomOperation.RemovePicture => "user:delete:profile_picture:admin",
            _ => "user:update:password:admin",
        };

        /// <summary>
        /// After an attempt that may have landed, an answer that means the change is already in place:
        /// Zoom's "new password equals the old one". (A picture has no such answer.)
        /// </summary>
        public static bool MeansAlreadyApplied(ZoomOperation operation, int? status, int? code, string? message) =>
            operation == ZoomOperation.SetPassword && status == 400 && code == 300 && message != null &&
            (message.IndexOf("old password", StringComparison.OrdinalIgnoreCase) >= 0 ||
             message.IndexOf("can not match", StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
