namespace ZoomUsers.Simulator;

/// <summary>
/// Zoom's password rules, basic and enhanced. The first broken rule wins, so a test can aim at one
/// error code at a time.
/// </summary>
internal static class PasswordRules
{
    public const int BasicMinimumLength = 8;
    public const int MaximumLengthExclusive = 32;
    public const int BasicConsecutiveRun = 6;

    /// <param name="history">Previous passwords, newest first.</param>
    /// <returns>The 400 answer, or null when the password is acceptable.</returns>
    public static (int Code, string Message)? Check(
        string password,
        PasswordRequirement requirement,
        string? currentPassword,
        IReadOnlyList<string> history,
        int historyDepth)
    {
        if (password.Length < BasicMinimumLength || password.Length < requirement.MinimumPasswordLength)
            return (1124, "Password is too short.");
        if (password.Length >= MaximumLengthExclusive)
            return (300, "Password must be fewer than 32 characters.");

        // Checked before the character classes, which a single repeated character always fails first:
        // in the listed order 1130 could never be answered.
        if (password.AsSpan().IndexOfAnyExcept(password[0]) < 0)
            return (1130, "Password cannot contain only one identical character.");

        bool letter = false, digit = false, special = false, upper = false, lower = false;
        foreach (var c in password)
        {
            if (char.IsAsciiLetterUpper(c)) { upper = letter = true; }
            else if (char.IsAsciiLetterLower(c)) { lower = letter = true; }
            else if (char.IsAsciiDigit(c)) { digit = true; }
            else { special = true; }
        }

        if (!letter)
            return (1125, "Password must contain at least one letter.");
        if (!digit)
            return (1126, "Password must contain at least one number.");
        if (requirement.HaveSpecialCharacter && !special)
            return (1127, "Password must contain at least one special character.");
        if (!(upper && lower))
            return (1128, "Password must include both uppercase and lowercase characters.");

        int run = BasicConsecutiveRun;
        if (requirement.ConsecutiveCharactersLength > 0)
            run = Math.Min(run, requirement.ConsecutiveCharactersLength);
        if (LongestConsecutiveRun(password) >= run)
            return (1131, "Password cannot contain consecutive characters.");

        if (currentPassword is not null && string.Equals(password, currentPassword, StringComparison.Ordinal))
            return (300, "Your new password can not match the old password.");

        for (int i = 0; i < Math.Min(historyDepth, history.Count); i++)
            if (string.Equals(password, history[i], StringComparison.Ordinal))
                return (1129, "Password has been used recently.");

        return null;
    }

    /// <summary>Longest run like "abcdef", "FEDC" or "654321": neighbours one apart, same class (letter/digit), case ignored.</summary>
    internal static int LongestConsecutiveRun(string password)
    {
        int best = 1, up = 1, down = 1;
        for (int i = 1; i < password.Length; i++)
        {
            char prev = Fold(password[i - 1]), cur = Fold(password[i]);
            bool sameClass = (char.IsAsciiLetterLower(prev) && char.IsAsciiLetterLower(cur))
                             || (char.IsAsciiDigit(prev) && char.IsAsciiDigit(cur));
            up = sameClass && cur - prev == 1 ? up + 1 : 1;
            down = sameClass && cur - prev == -1 ? down + 1 : 1;
            best = Math.Max(best, Math.Max(up, down));
        }
        return password.Length == 0 ? 0 : best;
    }

    private static char Fold(char c) => char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c;
}
