using System;
using System.Collections.Generic;
using System.Linq;
using ZoomUsers.Results;

namespace ZoomUsers.Api
{
    /// <summary>Turns Zoom's (HTTP status, code, message) into a stable ErrorId and category for the report.</summary>
    internal static class ErrorCatalog
    {
        /// <summary>Zoom's codes that mean one thing in any answer to any operation.</summary>
        private static readonly CodeRule[] AnyAnswer =
        {
            new CodeRule(1001, ErrorIds.UserNotFound, FailureCategory.ObjectNotFound),
            new CodeRule(1010, ErrorIds.UserNotFound, FailureCategory.ObjectNotFound),
            new CodeRule(4711, ErrorIds.MissingScope, FailureCategory.PermissionDenied),
        };

        /// <summary>Zoom's codes in a 4xx answer to a picture upload or removal.</summary>
        private static readonly CodeRule[] PictureAnswers =
        {
            new CodeRule(120, ErrorIds.PictureRejected, FailureCategory.InvalidData),
            new CodeRule(300, ErrorIds.PictureContentRejected, FailureCategory.InvalidData),
            new CodeRule(200, ErrorIds.PictureChangeNotAllowed, FailureCategory.PermissionDenied),
        };

        /// <summary>Zoom's codes in a 4xx answer to a password change. Code 300 means three things, told apart by its message.</summary>
        private static readonly CodeRule[] PasswordAnswers =
        {
            new CodeRule(300, ErrorIds.PasswordSameAsOld, FailureCategory.InvalidData, "old password", "can not match"),
            // Zoom's wording: "...already been changed the maximum number of times over the past 24 hours."
            new CodeRule(300, ErrorIds.PasswordChangeLimit, FailureCategory.LimitsExceeded, "24 hours", "maximum number", "too many", "too often"),
            new CodeRule(300, ErrorIds.PasswordRejected, FailureCategory.InvalidData),
            new CodeRule(1117, ErrorIds.AdminPasswordChangeNotAllowed, FailureCategory.PermissionDenied),
            new CodeRule(1123, ErrorIds.PasswordChangeNotSupported, FailureCategory.InvalidOperation),
            new CodeRule(1124, ErrorIds.PasswordTooShort, FailureCategory.InvalidData),
            new CodeRule(1125, ErrorIds.PasswordNeedsLetter, FailureCategory.InvalidData),
            new CodeRule(1126, ErrorIds.PasswordNeedsNumber, FailureCategory.InvalidData),
            new CodeRule(1127, ErrorIds.PasswordNeedsSpecialCharacter, FailureCategory.InvalidData),
            new CodeRule(1128, ErrorIds.PasswordNeedsMixedCase, FailureCategory.InvalidData),
            new CodeRule(1129, ErrorIds.PasswordRecentlyUsed, FailureCategory.InvalidData),
            new CodeRule(1130, ErrorIds.PasswordRepeatedCharacter, FailureCategory.InvalidData),
            new CodeRule(1131, ErrorIds.PasswordConsecutiveCharacters, FailureCategory.InvalidData),
            new CodeRule(1136, ErrorIds.PasswordTooWeak, FailureCategory.InvalidData),
        };

        /// <summary>Every ErrorId one of Zoom's codes maps to: docs/troubleshooting.md gives Zoom's code for each.</summary>
        internal static IReadOnlyCollection<string> IdsFromZoomCodes { get; } =
            AnyAnswer.Concat(PictureAnswers).Concat(PasswordAnswers).Select(r => r.Id).Distinct().ToArray();

        public static ZoomFailure Map(ZoomOperation operation, int status, int? code, string message)
        {
            if (status == 404)
                return Fail(ErrorIds.UserNotFound, FailureCategory.ObjectNotFound);
            var any = Find(AnyAnswer, code, message);
            if (any != null && any.Id == ErrorIds.MissingScope)
                return Fail(any.Id, any.Category, message + $" Add the scope {ClassicScope(operation)} (or {GranularScope(operation)}) to the Server-to-Server OAuth app.");
            if (any != null)
                return Fail(any.Id, any.Category);
            if (status == 401)
                return Fail(ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError);
            if (status == 403)
                return Fail(ErrorIds.PermissionDenied, FailureCategory.PermissionDenied);
            if (status == 429)
                return Fail(ErrorIds.RateLimited, FailureCategory.LimitsExceeded);
            if (status >= 500)
                return Fail(ErrorIds.ServerError, FailureCategory.ResourceUnavailable);
            if (status >= 400)
            {
                var rules = operation switch
                {
                    ZoomOperation.SetPassword => PasswordAnswers,
                    ZoomOperation.SetPicture or ZoomOperation.RemovePicture or ZoomOperation.BackupPicture => PictureAnswers,
                    _ => Array.Empty<CodeRule>(),
                };
                var rule = Find(rules, code, message);
                return rule != null ? Fail(rule.Id, rule.Category) : Fail(ErrorIds.BadRequest, FailureCategory.InvalidData);
            }
            return Fail(ErrorIds.UnexpectedResponse, FailureCategory.ProtocolError);

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
            operation == ZoomOperation.SetPassword && status == 400 && message != null &&
            Find(PasswordAnswers, code, message)?.Id == ErrorIds.PasswordSameAsOld;

        /// <summary>The first rule for <paramref name="code"/> whose words, if it has any, the message mentions.</summary>
        private static CodeRule? Find(CodeRule[] rules, int? code, string message) =>
            code is int c ? rules.FirstOrDefault(r => r.Code == c && r.Fits(message)) : null;

        /// <summary>One of Zoom's codes, and the ErrorId it means when the message mentions one of these words (or always, without words).</summary>
        private sealed class CodeRule
        {
            private readonly string[] _mentions;

            public CodeRule(int code, string id, FailureCategory category, params string[] mentions)
            {
                Code = code;
                Id = id;
                Category = category;
                _mentions = mentions;
            }

            public int Code { get; }
            public string Id { get; }
            public FailureCategory Category { get; }

            public bool Fits(string message) =>
                _mentions.Length == 0 || _mentions.Any(m => message.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);
        }
    }
}
