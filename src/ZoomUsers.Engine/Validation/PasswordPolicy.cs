namespace ZoomUsers.Validation
{
    /// <summary>
    /// Checks a password against <see cref="PasswordRules"/> before it is sent, so a bulk reset
    /// shows every bad row in a dry run. Messages name the rule, never the password.
    /// </summary>
    internal static class PasswordPolicy
    {
        /// <returns>null when the password meets the rules, else which rule it breaks.</returns>
        public static string? Check(char[] password, int length, PasswordRules rules)
        {
            if (length < rules.MinimumLength)
                return $"The password is too short: it must have at least {rules.MinimumLength} characters.";
            if (length > PasswordRules.MaximumLength)
                return $"The password is too long: Zoom accepts at most {PasswordRules.MaximumLength} characters.";

            bool letter = false, digit = false, upper = false, lower = false, special = false, outsideAscii = false;
            for (var i = 0; i < length; i++)
            {
                var c = password[i];
                if (c < 0x21 || c > 0x7E) outsideAscii = true;
                else if (c >= 'a' && c <= 'z') { letter = true; lower = true; }
                else if (c >= 'A' && c <= 'Z') { letter = true; upper = true; }
                else if (c >= '0' && c <= '9') digit = true;
                else special = true;
            }

            if (outsideAscii)
                return "The password contains a space, a control character or a non-ASCII character (such as an accented letter): use ASCII letters, digits and symbols.";
            // Before the character classes: one repeated character always lacks a letter or a digit,
            // so checked after them this rule could never be the one named.
            if (AllSame(password, length))
                return "The password cannot be one repeated character.";
            if (!letter)
                return "The password must contain at least one letter.";
            if (!digit)
                return "The password must contain at least one number.";
            if (!upper || !lower)
                return "The password must contain both upper and lower case letters.";
            if (rules.RequireSpecialCharacter && !special)
                return "The password must contain at least one special character (the account's enhanced rules).";
            if (LongestConsecutiveRun(password, length) >= rules.ConsecutiveRun)
                return $"The password cannot contain {rules.ConsecutiveRun} or more consecutive characters (such as abcdef or 654321).";
            return null;
        }

        private static bool AllSame(char[] password, int length)
        {
            for (var i = 1; i < length; i++)
                if (password[i] != password[0]) return false;
            return true;
        }

        /// <summary>Longest run of letters or digits that climbs or falls by one: abc, 4321, XYZ.</summary>
        internal static int LongestConsecutiveRun(char[] password, int length)
        {
            int longest = 1, up = 1, down = 1;
            for (var i = 1; i < length; i++)
            {
                var previous = char.ToLowerInvariant(password[i - 1]);
                var current = char.ToLowerInvariant(password[i]);
                var sameClass = char.IsLetterOrDigit(previous) && char.IsLetterOrDigit(current)
                    && char.IsDigit(previous) == char.IsDigit(current);
                up = sameClass && current == previous + 1 ? up + 1 : 1;
                down = sameClass && current == previous - 1 ? down + 1 : 1;
                if (up > longest) longest = up;
                if (down > longest) longest = down;
            }
            return longest;
        }
    }
}
