using System.Text;
using ZoomUsers.Sync;

namespace ZoomUsers.Engine.Tests;

/// <summary>The state file on its own: format, crash recovery, damage, locking. Real files in a temp folder.</summary>
public sealed class PictureStateTests : IDisposable
{
    private static readonly DateTimeOffset When = new(2026, 5, 1, 2, 0, 7, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "zoomusers-state-tests", Guid.NewGuid().ToString("N"));

    public PictureStateTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StatePath => Path.Combine(_dir, "pictures.state");
    private static PictureDigest D(string text) => PictureDigest.Of(Encoding.UTF8.GetBytes(text));

    private static byte[] ReadShared(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var m = new MemoryStream();
        f.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public void Digest_round_trips_as_64_lowercase_hex_digits_and_matches_sha256()
    {
        var d = D("abc");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d.ToString());
        Assert.True(PictureDigest.TryParse(d.ToString().ToUpperInvariant(), out var back));
        Assert.Equal(d, back);
        Assert.False(PictureDigest.TryParse("xyz", out _));
        Assert.False(PictureDigest.TryParse(new string('g', 64), out _));
    }

    [Fact]
    public void A_recorded_upload_survives_close_and_reopen_case_insensitively_per_account()
    {
        using (var state = PictureState.Open(StatePath, "Acct1"))
        {
            Assert.True(state.Record("Alice@Example.com", D("a"), When));
            state.Record("bob@example.com", D("b"), When);
        }
        Assert.False(File.Exists(StatePath + ".journal"));

        using var again = PictureState.Open(StatePath, "ACCT1");
        Assert.Equal(2, again.Count);
        Assert.True(again.TryGetUnchanged("alice@example.COM", D("a"), out var since));
        Assert.Equal(When, since);
        Assert.False(again.TryGetUnchanged("alice@example.com", D("changed"), out _));
        using var other = PictureState.OpenReadOnly(StatePath, "Acct2");
        Assert.False(other.TryGetUnchanged("alice@example.com", D("a"), out _));
    }

    [Fact]
    public void The_file_is_versioned_readable_json_lines_with_an_end_line()
    {
        using (var state = PictureState.Open(StatePath, "Acct1"))
            state.Record("alice+x@example.com", D("a"), When);

        var lines = File.ReadAllLines(StatePath);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"format\":\"ZoomUsers.PictureState\",\"version\":1,", lines[0]);
        Assert.Equal($"{{\"account\":\"Acct1\",\"user\":\"alice+x@example.com\",\"sha256\":\"{D("a")}\",\"uploaded\":\"2026-05-01T02:00:07Z\"}}", lines[1]);
        Assert.Equal("{\"end\":true,\"records\":1}", lines[2]);
    }

    [Fact]
    public void A_new_state_is_created_even_when_nothing_was_recorded()
    {
        PictureState.Open(StatePath, "Acct1").Close();
        Assert.Equal(2, File.ReadAllLines(StatePath).Length);
    }

    [Fact]
    public void A_run_that_never_closed_leaves_a_journal_that_the_next_open_folds_in_dropping_a_torn_last_line()
    {
        PictureState.Open(StatePath, "Acct1").Close();
        var stateAtStart = File.ReadAllBytes(StatePath);
        byte[] journalAtCrash;
        using (var run = PictureState.Open(StatePath, "Acct1"))
        {
            run.Record("a@example.com", D("a"), When);
            run.Record("b@example.com", D("b"), When);
            // What the disk holds if the process dies now: the state as the run found it, and the journal as flushed.
            journalAtCrash = ReadShared(StatePath + ".journal");
        }
        File.WriteAllBytes(StatePath, stateAtStart);
        File.WriteAllBytes(StatePath + ".journal", journalAtCrash);
        // And the append in flight at the crash, torn.
        File.AppendAllText(StatePath + ".journal", "{\"account\":\"Acct1\",\"user\":\"c@exa");

        using var next = PictureState.Open(StatePath, "Acct1");
        Assert.True(next.TryGetUnchanged("a@example.com", D("a"), out _));
        Assert.True(next.TryGetUnchanged("b@example.com", D("b"), out _));
        Assert.False(next.TryGetUnchanged("c@example.com", D("c"), out _));
        Assert.False(File.Exists(StatePath + ".journal"));
        Assert.EndsWith("{\"end\":true,\"records\":2}", File.ReadAllText(StatePath).TrimEnd());
    }

    [Fact]
    public void A_second_open_of_the_same_file_stops_at_once_while_the_first_holds_it()
    {
        using var first = PictureState.Open(StatePath, "Acct1");
        var ex = Assert.Throws<StateFileException>(() => PictureState.Open(StatePath, "Acct1"));
        Assert.Equal("StateFileInUse", ex.ErrorId);
        Assert.Contains(StatePath, ex.Message);
        first.Close();
        PictureState.Open(StatePath, "Acct1").Close();
    }

    [Fact]
    public void Recording_after_close_is_refused_not_written()
    {
        var state = PictureState.Open(StatePath, "Acct1");
        state.Close();
        Assert.False(state.Record("late@example.com", D("x"), When));
        using var again = PictureState.Open(StatePath, "Acct1");
        Assert.Equal(0, again.Count);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "truncated", "cut short" },
        { "cutmidline", "cut short" },
        { "badrecord", "line 2 is not a valid record" },
        { "foreignjson", "not a ZoomUsers picture state file" },
        { "csv", "not a ZoomUsers picture state file" },
        { "binary", "not a ZoomUsers picture state file" },
        { "newer", "newer ZoomUsers" },
        { "countmismatch", "counts 5 records" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_damaged_or_foreign_file_is_refused_with_its_name_and_left_untouched(string kind, string why)
    {
        using (var state = PictureState.Open(StatePath, "Acct1"))
            for (var i = 0; i < 3; i++) state.Record($"u{i}@example.com", D(i.ToString()), When);
        var good = File.ReadAllText(StatePath);
        var bytes = kind switch
        {
            "truncated" => Encoding.UTF8.GetBytes(string.Join("\n", good.Split('\n').Take(3)) + "\n"),
            "cutmidline" => Encoding.UTF8.GetBytes(good[..(good.Length / 2)]),
            "badrecord" => Encoding.UTF8.GetBytes(good.Replace("\"sha256\":\"", "\"sha256\":\"zz")),
            "foreignjson" => Encoding.UTF8.GetBytes("{\"name\":\"package\",\"version\":\"1.0.0\"}\n"),
            "csv" => Encoding.UTF8.GetBytes("UserId,Path\na@example.com,a.jpg\n"),
            "binary" => new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0xC3, 0x28, 0x0A },
            "newer" => Encoding.UTF8.GetBytes(good.Replace("\"version\":1", "\"version\":2")),
            "countmismatch" => Encoding.UTF8.GetBytes(good.Replace("\"records\":3", "\"records\":5")),
            _ => throw new ArgumentException(kind),
        };
        File.WriteAllBytes(StatePath, bytes);

        var ex = Assert.Throws<StateFileException>(() => PictureState.Open(StatePath, "Acct1"));
        Assert.Equal("StateFileInvalid", ex.ErrorId);
        Assert.Contains(StatePath, ex.Message);
        Assert.Contains(why, ex.Message);
        Assert.Equal(bytes, File.ReadAllBytes(StatePath));
        Assert.Throws<StateFileException>(() => PictureState.OpenReadOnly(StatePath, "Acct1"));
        // The failed open let go of the lock: once the file is fixed, a run can take it.
        File.Delete(StatePath);
        PictureState.Open(StatePath, "Acct1").Close();
    }

    [Fact]
    public void An_empty_file_counts_as_a_new_state()
    {
        File.WriteAllBytes(StatePath, Array.Empty<byte>());
        using var state = PictureState.Open(StatePath, "Acct1");
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Read_only_never_writes_nor_locks()
    {
        using (var state = PictureState.Open(StatePath, "Acct1")) state.Record("a@example.com", D("a"), When);
        var before = File.ReadAllBytes(StatePath);
        using var holder = PictureState.Open(StatePath, "Acct1");
        using var ro = PictureState.OpenReadOnly(StatePath, "Acct1");
        Assert.True(ro.TryGetUnchanged("a@example.com", D("a"), out _));
        Assert.False(ro.Record("b@example.com", D("b"), When));
        ro.Close();
        Assert.Equal(before, File.ReadAllBytes(StatePath));
        Assert.False(PictureState.OpenReadOnly(Path.Combine(_dir, "none.state"), "Acct1").TryGetUnchanged("a@example.com", D("a"), out _));
        Assert.False(File.Exists(Path.Combine(_dir, "none.state")));
    }

    [Fact]
    public void Records_from_many_threads_all_land()
    {
        using (var state = PictureState.Open(StatePath, "Acct1"))
            Parallel.For(0, 200, i => state.Record($"u{i}@example.com", D(i.ToString()), When));
        using var again = PictureState.Open(StatePath, "Acct1");
        Assert.Equal(200, again.Count);
    }
}

