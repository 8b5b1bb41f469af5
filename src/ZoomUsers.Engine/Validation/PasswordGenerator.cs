using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// Makes passwords from a cryptographic random source that meet <see cref="PasswordRules"/> and
    /// what Zoom checks beyond them: no neighbours that repeat or count (aa, ab, 98, in any case), and
    /// no part of the user's email address or name. Writes into a buffer the caller owns and clears;
    /// never makes a string of a password.
    /// </summary>
    internal sealed class PasswordGenerator
    {
        /// <summary>
        /// 24 characters from this 67-character alphabet, less what the neighbour rule forbids, hold
        /// about 140 bits: beyond any guessing, even offline against a leaked hash, with room to spare.
        /// Longer adds nothing that matters and is harder to type on a first sign-in. An account
        /// minimum above it wins.
        /// </summary>
        public const int DefaultLength = 24;

        /// <summary>Draws before a row gives up; a draw fails one time in about fifteen, so this is never reached by chance.</summary>
        internal const int MaximumDraws = 1000;

        // No look-alikes (l, I, O, 0, 1), so a password read off a hand-over can be typed. The symbols
        // need no quoting in PowerShell, cmd, a shell or a CSV cell, and none of them is a space.
        internal const string Alphabet = "abcdefghijkmnopqrstuvwxyz" + "ABCDEFGHJKLMNPQRSTUVWXYZ" + "23456789" + "!#%*+-=?@_";

        /// <summary>Parts of a name or address shorter than this are ignored, as Active Directory's complexity rule does.</summary>
        internal const int ShortestAvoidedPart = 3;

        private static readonly char[] Letters = Alphabet.ToCharArray();
        private readonly RandomNumberGenerator _random;

        public PasswordGenerator(RandomNumberGenerator random) => _random = random;

        /// <summary>The operating system's cryptographic random source (CNG on Windows, the kernel's elsewhere).</summary>
        public static PasswordGenerator Os { get; } = new PasswordGenerator(RandomNumberGenerator.Create());

        /// <summary>The length a password is made at under these rules.</summary>
        public static int LengthFor(PasswordRules rules) => Math.Max(DefaultLength, rules.MinimumLength);

        /// <returns>null when passwords can be made under these rules; else why not (it names the rule, and the setting to change).</returns>
        public static string? CannotMeet(PasswordRules rules)
        {
            if (rules.MinimumLength > PasswordRules.MaximumLength)
                return $"The account's password rules cannot be met: they ask for at least {rules.MinimumLength} characters and Zoom accepts at most {PasswordRules.MaximumLength}. Lower the minimum length in the account's security settings.";
            if (rules.ConsecutiveRun < 2)
                return $"The account's password rules cannot be met: they refuse a run of {rules.ConsecutiveRun} consecutive character, which every password has. Check the account's security settings.";
            return null;
        }

        /// <summary>The parts of the user's address and names a password must not contain: runs of letters and digits, at least <see cref="ShortestAvoidedPart"/> long.</summary>
        public static IReadOnlyList<string> PartsToAvoid(params string?[] texts)
        {
            var parts = new List<string>();
            foreach (var text in texts)
            {
                if (string.IsNullOrEmpty(text)) continue;
                var start = -1;
                for (var i = 0; i <= text!.Length; i++)
                {
                    var inPart = i < text.Length && char.IsLetterOrDigit(text[i]);
                    if (inPart && start < 0) start = i;
                    if (!inPart && start >= 0)
                    {
                        if (i - start >= ShortestAvoidedPart) parts.Add(text.Substring(start, i - start).ToLowerInvariant());
                        start = -1;
                    }
                }
            }
            return parts;
        }

        /// <summary>
        /// Fills <paramref name="into"/> with a new password of <see cref="LengthFor"/> characters.
        /// </summary>
        /// <returns>false only if <see cref="MaximumDraws"/> draws all failed (the buffer is cleared then).</returns>
        public bool TryFill(char[] into, PasswordRules rules, IReadOnlyList<string> avoid)
        {
            var length = LengthFor(rules);
            if (into.Length != length) throw new ArgumentException($"The buffer must hold exactly {length} characters.", nameof(into));
            if (CannotMeet(rules) != null) throw new InvalidOperationException("Check CannotMeet before drawing.");

            var bytes = new byte[length * 2];
            var used = bytes.Length;
            try
            {
                for (var draw = 0; draw < MaximumDraws; draw++)
                {
                    Draw(into, bytes, ref used);
                    if (HasEveryClass(into) && !ContainsAny(into, avoid) && PasswordPolicy.Check(into, length, rules) == null)
                        return true;
                }
                Array.Clear(into, 0, into.Length);
                return false;
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>Each character uniform over the alphabet, drawn again while it repeats or counts on from the one before.</summary>
        private void Draw(char[] into, byte[] bytes, ref int used)
        {
            for (var i = 0; i < into.Length; i++)
            {
                char c;
                do c = Letters[NextIndex(bytes, ref used)];
                while (i > 0 && Neighbours(into[i - 1], c));
                into[i] = c;
            }
        }

        /// <summary>An index below the alphabet's size without modulo bias: bytes at or above the largest multiple of it are drawn again.</summary>
        private int NextIndex(byte[] bytes, ref int used)
        {
            var limit = 256 - 256 % Letters.Length;
            while (true)
            {
                if (used == bytes.Length)
                {
                    _random.GetBytes(bytes);
                    used = 0;
                }
                var b = bytes[used++];
                if (b < limit) return b % Letters.Length;
            }
        }

        /// <summary>The same character or one apart, ignoring case: the pairs runs and repeats are made of.</summary>
        internal static bool Neighbours(char previous, char current)
        {
            var a = char.ToLowerInvariant(previous);
            var b = char.ToLowerInvariant(current);
            if (a == b) return true;
            var sameClass = char.IsLetterOrDigit(a) && char.IsLetterOrDigit(b) && char.IsDigit(a) == char.IsDigit(b);
            return sameClass && (a == b + 1 || a + 1 == b);
        }

        /// <summary>Lower, upper, digit and symbol: a symbol always, so the account's special-character rule never matters.</summary>
        private static bool HasEveryClass(char[] password)
        {
            bool lower = false, upper = false, digit = false, symbol = false;
            foreach (var c in password)
            {
                if (c >= 'a' && c <= 'z') lower = true;
                else if (c >= 'A' && c <= 'Z') upper = true;
                else if (c >= '0' && c <= '9') digit = true;
                else symbol = true;
            }
            return lower && upper && digit && symbol;
        }

        private static bool ContainsAny(char[] password, IReadOnlyList<string> parts)
        {
            foreach (var part in parts)
            {
                for (var start = 0; start + part.Length <= password.Length; start++)
                {
                    var match = true;
                    for (var k = 0; k < part.Length && match; k++)
                        match = char.ToLowerInvariant(password[start + k]) == part[k];
                    if (match) return true;
                }
            }
            return false;
        }
    }
}
