namespace ZoomUsers.Validation
{
    /// <summary>
    /// The rules a new password must meet: Zoom's basic rules, tightened by the account's
    /// "enhanced password requirements" when the token may read them.
    /// </summary>
    internal sealed class PasswordRules
    {
        public const int BasicMinimumLength = 8;
        public const int MaximumLength = 31;
        public const int BasicConsecutiveRun = 6;

        public static PasswordRules Basic { get; } = new PasswordRules(BasicMinimumLength, false, BasicConsecutiveRun, fromAccount: false);

        public PasswordRules(int minimumLength, bool requireSpecialCharacter, int consecutiveRun, bool fromAccount)
        {
            MinimumLength = minimumLength < BasicMinimumLength ? BasicMinimumLength : minimumLength;
            RequireSpecialCharacter = requireSpecialCharacter;
            ConsecutiveRun = consecutiveRun <= 0 || consecutiveRun > BasicConsecutiveRun ? BasicConsecutiveRun : consecutiveRun;
            FromAccount = fromAccount;
        }

        public int MinimumLength { get; }
        public bool RequireSpecialCharacter { get; }
        /// <summary>A run of this many consecutive characters (abcd, 4321) is refused.</summary>
        public int ConsecutiveRun { get; }
        /// <summary>True when the account's enhanced rules were read; false for the basic rules alone.</summary>
        public bool FromAccount { get; }

        public override string ToString() =>
            $"{MinimumLength}-{MaximumLength} characters, a letter, a digit, upper and lower case, no run of {ConsecutiveRun} consecutive characters" +
            (RequireSpecialCharacter ? ", a special character" : string.Empty) +
            (FromAccount ? " (account's enhanced rules)" : " (Zoom's basic rules)");
    }
}
