using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The generator behind Set-ZoomUserPassword -Random, over every rule combination an account can set
/// (and the simulator can express), with the operating system's random source; and, with a scripted
/// source, the draws it must throw away.
/// </summary>
public sealed class PasswordGeneratorTests
{
    private const string Symbols = "!#%*+-=?@_";

    /// <summary>security.password_requirement's values as the module reads them: minimum 0 (off) or 8-31, consecutive 0 (off) or 4-8.</summary>
    public static TheoryData<int, bool, int> AccountRules()
    {
        var data = new TheoryData<int, bool, int>();
        foreach (var minimum in new[] { 0, 8, 9, 10, 11, 12, 13, 14, 20, 24, 25, 30, 31 })
            foreach (var special in new[] { false, true })
                foreach (var run in new[] { 0, 2, 3, 4, 5, 6, 7, 8 })
                    data.Add(minimum, special, run);
        return data;
    }

    [Theory]
    [MemberData(nameof(AccountRules))]
    public void Every_draw_meets_the_rules_and_has_no_neighbours_that_repeat_or_count(int minimum, bool special, int run)
    {
        var rules = new PasswordRules(minimum, special, run, fromAccount: true);
        var length = Math.Max(PasswordGenerator.DefaultLength, Math.Max(8, minimum));
        var seen = new HashSet<string>();

        for (var draw = 0; draw < 300; draw++)
        {
            var chars = new char[PasswordGenerator.LengthFor(rules)];
            Assert.True(PasswordGenerator.Os.TryFill(chars, rules, Array.Empty<string>()));
            var password = new string(chars);

            Assert.Equal(length, password.Length);
            Assert.Null(PasswordPolicy.Check(chars, chars.Length, rules));
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => Symbols.Contains(c));
            Assert.All(password, c => Assert.Contains(c, PasswordGenerator.Alphabet));
            for (var i = 1; i < password.Length; i++)
            {
                int a = char.ToLowerInvariant(password[i - 1]), b = char.ToLowerInvariant(password[i]);
                var sameClass = char.IsAsciiLetter((char)a) && char.IsAsciiLetter((char)b) || char.IsAsciiDigit((char)a) && char.IsAsciiDigit((char)b);
                Assert.False(a == b, $"draw {draw}: a repeated neighbour at {i}");
                Assert.False(sameClass && Math.Abs(a - b) == 1, $"draw {draw}: counting neighbours at {i}");
            }
            Assert.True(seen.Add(password), $"draw {draw} repeated an earlier password");
        }
    }

    [Fact]
    public void Ten_thousand_draws_are_all_different_and_use_the_whole_alphabet()
    {
        var seen = new HashSet<string>();
        var counts = new Dictionary<char, int>();
        for (var draw = 0; draw < 10_000; draw++)
        {
            var chars = new char[PasswordGenerator.DefaultLength];
            Assert.True(PasswordGenerator.Os.TryFill(chars, PasswordRules.Basic, Array.Empty<string>()));
            Assert.True(seen.Add(new string(chars)));
            foreach (var c in chars) counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        // 240,000 characters over 67: each about 3,600 times. A biased or truncated index shows as a
        // letter far off that (the neighbour rule shifts each by a few per cent at most).
        Assert.Equal(PasswordGenerator.Alphabet.Length, counts.Count);
        Assert.All(counts, kv => Assert.InRange(kv.Value, 3_000, 4_200));
    }

    [Fact]
    public void The_default_length_is_24_and_an_account_minimum_above_it_wins()
    {
        Assert.Equal(24, PasswordGenerator.LengthFor(PasswordRules.Basic));
        Assert.Equal(24, PasswordGenerator.LengthFor(new PasswordRules(14, true, 4, fromAccount: true)));
        Assert.Equal(28, PasswordGenerator.LengthFor(new PasswordRules(28, false, 0, fromAccount: true)));
        Assert.Equal(31, PasswordGenerator.LengthFor(new PasswordRules(31, false, 0, fromAccount: true)));
    }

    [Theory]
    [InlineData(32, 0, "at least 32 characters")]
    [InlineData(40, 4, "at least 40 characters")]
    [InlineData(12, 1, "a run of 1 consecutive character")]
    public void Rules_no_password_can_meet_fail_before_any_draw_with_PasswordRulesUnmeetable(int minimum, int run, string expected)
    {
        var rules = new PasswordRules(minimum, true, run, fromAccount: true);
        var random = new ScriptedRandom(Array.Empty<byte>());

        var made = PasswordRequest.Generate(new PasswordGenerator(random), rules, Array.Empty<string>());

        Assert.Null(made.Value);
        Assert.Equal(ErrorIds.PasswordRulesUnmeetable, made.Failure!.ErrorId);
        Assert.Contains(expected, made.Failure.Message);
        Assert.Equal(0, random.Calls);
    }

    [Fact]
    public void A_draw_that_contains_a_part_of_the_users_address_or_name_is_thrown_away_whatever_its_case()
    {
        const string spellsAlice = "Q7!xALiCe2#mPzR4%tWk8=nHs";
        const string clean = "Q7!xBvRe2#mPzR4%tWk8=nHsU";
        var avoid = PasswordGenerator.PartsToAvoid("alice.smith@contoso.com", "Al", null, "Alice Smith");

        var chars = new char[24];
        Assert.True(new PasswordGenerator(new ScriptedRandom(Indexes(spellsAlice[..24] + clean[..24]))).TryFill(chars, PasswordRules.Basic, avoid));

        Assert.Equal(clean[..24], new string(chars));
        Assert.Equal(new[] { "alice", "smith", "contoso", "com", "alice", "smith" }, avoid);
    }

    [Fact]
    public void A_character_that_repeats_or_counts_on_from_the_one_before_is_drawn_again_not_the_whole_password()
    {
        // After 'Q': 'q' (the same, in another case) and 'r' (one on) are skipped; the third pick stays.
        const string wanted = "Q7!xBvRe2#mPzR4%tWk8=nHs";
        var script = "Q" + "qr" + wanted[1..];

        var chars = new char[24];
        Assert.True(new PasswordGenerator(new ScriptedRandom(Indexes(script))).TryFill(chars, PasswordRules.Basic, Array.Empty<string>()));

        Assert.Equal(wanted, new string(chars));
    }

    [Fact]
    public void A_draw_without_a_symbol_is_thrown_away_even_when_the_account_does_not_ask_for_one()
    {
        const string noSymbol = "Q7axBvRe2kmPzR4ctWk8ynHs";
        const string withSymbol = "Q7!xBvRe2#mPzR4%tWk8=nHs";

        var chars = new char[24];
        Assert.True(new PasswordGenerator(new ScriptedRandom(Indexes(noSymbol + withSymbol))).TryFill(chars, PasswordRules.Basic, Array.Empty<string>()));

        Assert.Equal(withSymbol, new string(chars));
    }

    [Fact]
    public void Bytes_at_or_above_the_largest_multiple_of_the_alphabet_are_skipped_so_no_character_is_favoured()
    {
        // 256 = 3 x 67 + 55: bytes 201-255 would make the first 55 characters likelier, so they are drawn again.
        const string wanted = "Q7!xBvRe2#mPzR4%tWk8=nHs";
        var bytes = new List<byte> { 201, 255 };
        bytes.AddRange(Indexes(wanted));

        var chars = new char[24];
        Assert.True(new PasswordGenerator(new ScriptedRandom(bytes.ToArray())).TryFill(chars, PasswordRules.Basic, Array.Empty<string>()));

        Assert.Equal(wanted, new string(chars));
    }

    [Fact]
    public void Generate_builds_the_body_and_a_read_only_SecureString_from_the_same_password()
    {
        var made = PasswordRequest.Generate(PasswordGenerator.Os, PasswordRules.Basic, Array.Empty<string>());
        using var password = made.Value!;

        var text = Plain(password.Password);
        Assert.Equal(24, text.Length);
        Assert.True(password.Password.IsReadOnly());
        Assert.Equal("{\"password\":\"" + text + "\"}", Encoding.UTF8.GetString(password.Body));
    }

    [Fact]
    public void Dispose_clears_the_body_of_a_row_that_never_sent_it()
    {
        var made = PasswordRequest.Generate(PasswordGenerator.Os, PasswordRules.Basic, Array.Empty<string>()).Value!;
        var body = made.Body;

        made.Dispose();

        Assert.All(body, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => made.Password.Length);
    }

    private static byte[] Indexes(string text) => text.Select(c =>
    {
        var i = PasswordGenerator.Alphabet.IndexOf(c);
        Assert.True(i >= 0, $"'{c}' is not in the alphabet");
        return (byte)i;
    }).ToArray();

    private static string Plain(SecureString secure)
    {
        var p = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try { return Marshal.PtrToStringUni(p, secure.Length); }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(p); }
    }

    /// <summary>Hands out the scripted bytes, then the operating system's.</summary>
    private sealed class ScriptedRandom(byte[] script) : RandomNumberGenerator
    {
        private int _at;
        public int Calls { get; private set; }

        public override void GetBytes(byte[] data)
        {
            Calls++;
            for (var i = 0; i < data.Length; i++)
                data[i] = _at < script.Length ? script[_at++] : (byte)RandomNumberGenerator.GetInt32(201);
        }
    }
}
