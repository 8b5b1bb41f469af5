using System.Security;
using ZoomUsers.Results;

namespace ZoomUsers.Validation
{
    /// <summary>Checks a SecureString password and, when it passes, builds the request body from it in one pass.</summary>
    internal static class PasswordRequest
    {
        /// <returns>The UTF-8 body <c>{"password":"..."}</c>, which the caller must clear after sending; or the rule the password fails.</returns>
        public static Checked<byte[]> Prepare(SecureString? password, PasswordRules rules)
        {
            if (password == null || password.Length == 0)
                return Fail(ErrorIds.PasswordMissing, "The password is empty.");

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

        private static ZoomFailure Fail(string errorId, string message) => new ZoomFailure(errorId, FailureCategory.InvalidArgument, message);

        private static bool IsBlank(char[] chars, int length)
        {
            for (var i = 0; i < length; i++)
                if (!char.IsWhiteSpace(chars[i])) return false;
            return true;
        }
    }
}
