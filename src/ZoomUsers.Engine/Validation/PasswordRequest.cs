using System.Security;

namespace ZoomUsers.Validation
{
    /// <summary>Checks a SecureString password and, when it passes, builds the request body from it in one pass.</summary>
    public static class PasswordRequest
    {
        /// <returns>The UTF-8 body <c>{"password":"..."}</c>, which the caller must clear after sending; null when the password fails a rule.</returns>
        public static byte[]? TryPrepare(SecureString? password, PasswordRules rules, out string? errorId, out string? message)
        {
            errorId = null;
            message = null;
            if (password == null || password.Length == 0)
            {
                errorId = ErrorIds.PasswordMissing;
                message = "The password is empty.";
                return null;
            }

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

            if (blank)
            {
                errorId = ErrorIds.PasswordMissing;
                message = "The password is blank: it holds only spaces or other whitespace.";
            }
            else if (broken != null)
            {
                errorId = ErrorIds.PasswordPolicy;
                message = broken;
            }
            return body;
        }

        private static bool IsBlank(char[] chars, int length)
        {
            for (var i = 0; i < length; i++)
                if (!char.IsWhiteSpace(chars[i])) return false;
            return true;
        }
    }
}
