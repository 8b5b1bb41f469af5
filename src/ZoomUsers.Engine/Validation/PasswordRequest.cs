using System;
using System.Collections.Generic;
using System.Security;
using ZoomUsers.Results;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// Checks a SecureString password and, when it passes, builds the request body from it in one pass;
    /// or makes a new password and builds the body and a SecureString from it.
    /// </summary>
    internal static class PasswordRequest
    {
        /// <returns>The UTF-8 body <c>{"password":"..."}</c>, which the caller must clear after sending; or the rule the password fails.</returns>
        public static Checked<byte[]> Prepare(SecureString? password, PasswordRules rules)
        {
            if (password == null)
                return Fail(ErrorIds.PasswordMissing, "The input has no password: give -Password, or a property named Password or NewPassword.");
            if (password.Length == 0)
                return Fail(ErrorIds.PasswordMissing, "The password is empty: give -Password, or a property named Password or NewPassword that is not empty.");

            var blank = false;
            string? broken = null;
            var body = SecretText.Use(password, (chars, length) =>
            {
                // A cell of spaces is an empty cell to whoever filled the sheet: say "missing", not
                // "contains a space".
                blank = IsBlank(chars, length);
                if (blank) return null;
                broken = PasswordPolicy.Check(chars, length, rules);
                return broken == null ? SecretText.ToJsonObject("password", chars, length) : null;
            });

            if (blank) return Fail(ErrorIds.PasswordMissing, "The password is blank: it holds only spaces or other whitespace.");
            if (broken != null) return Fail(ErrorIds.PasswordPolicy, broken);
            return Checked<byte[]>.Passed(body!);
        }

        /// <summary>A new random password for one row, meeting <paramref name="rules"/> and containing none of <paramref name="avoid"/>.</summary>
        /// <returns>The body and SecureString, which the caller disposes unless the row sends it; or why no password can be made.</returns>
        public static Checked<GeneratedPassword> Generate(PasswordGenerator generator, PasswordRules rules, IReadOnlyList<string> avoid)
        {
            if (Unmeetable(rules) is ZoomFailure unmeetable)
                return unmeetable;

            var chars = new char[PasswordGenerator.LengthFor(rules)];
            try
            {
                if (!generator.TryFill(chars, rules, avoid))
                    return new ZoomFailure(ErrorIds.PasswordRulesUnmeetable, FailureCategory.InvalidOperation,
                        $"No password meeting the rules ({rules}) and free of the user's name and address turned up in {PasswordGenerator.MaximumDraws} draws.");
                var body = SecretText.ToJsonObject("password", chars, chars.Length);
                var password = new SecureString();
                foreach (var c in chars) password.AppendChar(c);
                password.MakeReadOnly();
                return Checked<GeneratedPassword>.Passed(new GeneratedPassword(body, password));
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <returns>The failure of every row when no password can meet <paramref name="rules"/> (a minimum above 31, say); null when one can.</returns>
        public static ZoomFailure? Unmeetable(PasswordRules rules) =>
            PasswordGenerator.CannotMeet(rules) is string why ? new ZoomFailure(ErrorIds.PasswordRulesUnmeetable, FailureCategory.InvalidOperation, why) : null;

        private static ZoomFailure Fail(string errorId, string message) => new ZoomFailure(errorId, FailureCategory.InvalidArgument, message);

        private static bool IsBlank(char[] chars, int length)
        {
            for (var i = 0; i < length; i++)
                if (!char.IsWhiteSpace(chars[i])) return false;
            return true;
        }
    }
}
