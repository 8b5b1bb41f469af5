using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
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

    /// <summary>A state file for Acct1 holding these uploads (user, the bytes' text), each recorded <see cref="When"/>, closed.</summary>
    private void Saved(params (string User, string Bytes)[] uploads)
    {
        using var state = PictureState.Open(StatePath, "Acct1");
        foreach (var (user, bytes) in uploads) state.Record(user, D(bytes), When);
    }

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
        Saved(("alice+x@example.com", "a"));

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
    public void A_forget_line_in_a_state_file_is_damage_not_a_record()
    {
        File.WriteAllText(StatePath,
            "{\"format\":\"ZoomUsers.PictureState\",\"version\":1,\"written\":\"2026-05-01T02:00:00Z\"}\n" +
            "{\"account\":\"Acct1\",\"user\":\"a@example.com\",\"forget\":true}\n" +
            "{\"end\":true,\"records\":0}\n");

        var ex = Assert.Throws<StateFileException>(() => PictureState.Open(StatePath, "Acct1"));
        Assert.Contains("line 2", ex.Message);
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
            for (var i = 0; i < 3; i++) state.Record($"u{i}@example.com", D(i.ToString(CultureInfo.InvariantCulture)), When);
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
        Saved(("a@example.com", "a"));
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
            Parallel.For(0, 200, i => state.Record($"u{i}@example.com", D(i.ToString(CultureInfo.InvariantCulture)), When));
        using var again = PictureState.Open(StatePath, "Acct1");
        Assert.Equal(200, again.Count);
    }

    [Fact]
    public void A_folder_is_refused_before_any_file_is_made_read_only_too()
    {
        Directory.CreateDirectory(StatePath);

        var ex = Assert.Throws<StateFileException>(() => PictureState.Open(StatePath, "Acct1"));
        Assert.Equal("StateFileInvalid", ex.ErrorId);
        Assert.Contains("is a folder", ex.Message);
        Assert.Contains("is a folder", Assert.Throws<StateFileException>(() => PictureState.OpenReadOnly(StatePath, "Acct1")).Message);
        Assert.Equal(new[] { StatePath }, Directory.GetFileSystemEntries(_dir));
        Assert.Empty(Directory.GetFileSystemEntries(StatePath));
    }

    [Fact]
    public void A_foreign_file_gets_no_lock_file_next_to_it()
    {
        File.WriteAllText(StatePath, "UserId,Path\na@example.com,a.jpg\n");

        Assert.Throws<StateFileException>(() => PictureState.Open(StatePath, "Acct1"));

        Assert.Equal(new[] { StatePath }, Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void A_journal_write_that_fails_stops_journaling_and_the_run_still_saves_its_later_records_at_close()
    {
        if (!OperatingSystem.IsLinux()) return; // /dev/full (every write fails with ENOSPC) is Linux's
        Saved(("before@example.com", "0"));
        using (var run = PictureState.Open(StatePath, "Acct1"))
        {
            // The journal's disk is full: its path now leads to /dev/full.
            File.CreateSymbolicLink(StatePath + ".journal", "/dev/full");
            var ex = Assert.Throws<StateFileException>(() => run.Record("a@example.com", D("a"), When));
            Assert.Equal("StateFileUnavailable", ex.ErrorId);
            Assert.Contains("in memory", ex.Message);
            // No more appends after a write that may have left part of a line; the rows stay in memory.
            Assert.True(run.Record("b@example.com", D("b"), When));
            Assert.True(run.Record("c@example.com", D("c"), When));
        }

        Assert.False(File.Exists(StatePath + ".journal"));
        using var next = PictureState.Open(StatePath, "Acct1");
        Assert.True(next.TryGetUnchanged("before@example.com", D("0"), out _));
        Assert.False(next.TryGetUnchanged("a@example.com", D("a"), out _)); // reported "not recorded": uploaded again
        Assert.True(next.TryGetUnchanged("b@example.com", D("b"), out _));
        Assert.True(next.TryGetUnchanged("c@example.com", D("c"), out _));
    }

    [Fact]
    public void A_journal_with_a_partial_line_in_the_middle_loses_only_that_row()
    {
        PictureState.Open(StatePath, "Acct1").Close();
        var header = Encoding.UTF8.GetString(StateFileFormat.Header(StateFileFormat.JournalFormat, When));
        string Line(string user, string text) => Encoding.UTF8.GetString(StateFileFormat.Record("Acct1", user, D(text), When));
        // A write cut by a full disk, then the next run's append glued to it, then a clean line.
        var torn = Line("b@example.com", "b")[..25];
        File.WriteAllText(StatePath + ".journal", header + Line("a@example.com", "a") + torn + Line("c@example.com", "c") + "{\"account\"\n" + Line("d@example.com", "d"));

        using var next = PictureState.Open(StatePath, "Acct1");

        Assert.True(next.TryGetUnchanged("a@example.com", D("a"), out _));
        Assert.False(next.TryGetUnchanged("b@example.com", D("b"), out _));
        Assert.False(next.TryGetUnchanged("c@example.com", D("c"), out _));
        Assert.True(next.TryGetUnchanged("d@example.com", D("d"), out _));
        Assert.Equal(2, next.Count);
        Assert.False(File.Exists(StatePath + ".journal"));
    }

    [Theory]
    [InlineData(".bak")] // ReplaceFile's ERROR_UNABLE_TO_MOVE_REPLACEMENT_2: the old state under the backup name
    [InlineData(".tmp")] // a complete new state that was never swapped in
    public void A_state_file_left_under_its_backup_or_temp_name_is_put_back_not_dropped(string suffix)
    {
        Saved(("a@example.com", "a"), ("b@example.com", "b"));
        File.Move(StatePath, StatePath + suffix);

        using (var ro = PictureState.OpenReadOnly(StatePath, "Acct1"))
            Assert.True(ro.TryGetUnchanged("a@example.com", D("a"), out _));
        Assert.False(File.Exists(StatePath)); // read-only moves nothing

        using (var next = PictureState.Open(StatePath, "Acct1"))
        {
            Assert.Equal(2, next.Count);
            Assert.True(File.Exists(StatePath));
            next.Record("c@example.com", D("c"), When);
        }
        Assert.False(File.Exists(StatePath + ".bak"));
        Assert.False(File.Exists(StatePath + ".tmp"));
        using var last = PictureState.Open(StatePath, "Acct1");
        Assert.Equal(3, last.Count);
    }

    [Fact]
    public void A_foreign_backup_with_the_state_file_missing_stops_the_open_instead_of_starting_empty()
    {
        File.WriteAllText(StatePath + ".bak", "not a state file\n");

        var ex = Assert.Throws<StateFileException>(() => PictureState.Open(StatePath, "Acct1"));

        Assert.Equal("StateFileInvalid", ex.ErrorId);
        Assert.Contains(StatePath + ".bak", ex.Message);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public void A_temp_file_cut_short_with_no_state_file_and_no_backup_is_a_first_save_that_crashed()
    {
        File.WriteAllText(StatePath + ".tmp", Encoding.UTF8.GetString(StateFileFormat.Header(StateFileFormat.StateFormat, When)));

        using var state = PictureState.Open(StatePath, "Acct1");

        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void A_state_file_re_saved_with_a_byte_order_mark_and_CRLF_still_loads()
    {
        Saved(("a@example.com", "a"));
        var text = File.ReadAllText(StatePath).Replace("\n", "\r\n");
        File.WriteAllText(StatePath, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(StatePath)[0]);

        using var again = PictureState.Open(StatePath, "Acct1");

        Assert.True(again.TryGetUnchanged("a@example.com", D("a"), out _));
    }

    [Fact]
    public void The_digest_does_not_use_the_SHA256_factory_that_FIPS_refuses_on_NET_Framework()
    {
        // SHA256.Create() and SHA256Managed are the managed implementation on .NET Framework < 4.8,
        // which throws under the Windows FIPS policy. Checked on the engine assembly's references.
        using var file = File.OpenRead(typeof(PictureDigest).Assembly.Location);
        using var pe = new PEReader(file);
        var md = pe.GetMetadataReader();
        var used = md.MemberReferences.Select(h => md.GetMemberReference(h))
            .Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m => md.GetString(md.GetTypeReference((TypeReferenceHandle)m.Parent).Name) + "." + md.GetString(m.Name))
            .ToList();

        Assert.Contains("IncrementalHash.CreateHash", used);
        Assert.DoesNotContain(used, u => u.StartsWith("SHA256.", StringComparison.Ordinal) || u.StartsWith("SHA256Managed.", StringComparison.Ordinal));
    }

    private static FileStamp Stamp(string path, long size = 300_000) => new(path, size, new DateTime(2026, 4, 30, 17, 12, 3, DateTimeKind.Utc).Ticks + 1234567);

    [Fact]
    public void A_record_keeps_its_file_stamp_to_the_tick_and_the_quick_check_matches_only_the_same_path_size_and_time()
    {
        var file = Stamp("/photos/alice.jpg");
        using (var state = PictureState.Open(StatePath, "Acct1"))
            state.Record("alice@example.com", D("a"), file, When);

        Assert.Contains("\"path\":\"/photos/alice.jpg\",\"size\":300000,\"modified\":\"2026-04-30T17:12:03.1234567Z\"", File.ReadAllText(StatePath));
        using var again = PictureState.Open(StatePath, "Acct1");
        Assert.True(again.TryGetUnchanged("ALICE@example.com", Stamp("/photos/alice.jpg"), out var since));
        Assert.Equal(When, since);
        Assert.False(again.TryGetUnchanged("alice@example.com", Stamp("/photos/alice2.jpg"), out _));
        Assert.False(again.TryGetUnchanged("alice@example.com", Stamp("/photos/alice.jpg", 300_001), out _));
        Assert.False(again.TryGetUnchanged("alice@example.com", new FileStamp("/photos/alice.jpg", 300_000, file.LastWriteUtcTicks + 1), out _));
        Assert.False(again.TryGetUnchanged("bob@example.com", file, out _));
    }

    [Fact]
    public void A_record_without_a_stamp_as_version_1_wrote_it_never_passes_the_quick_check_and_a_refresh_stamps_it_at_close()
    {
        Saved(("alice@example.com", "a")); // bytes, or a file recorded before the quick check
        Assert.DoesNotContain("\"path\"", File.ReadAllText(StatePath));

        using (var state = PictureState.Open(StatePath, "Acct1"))
        {
            Assert.False(state.TryGetUnchanged("alice@example.com", Stamp("/p/a.jpg"), out _));
            state.Refresh("alice@example.com", D("other bytes"), Stamp("/p/a.jpg")); // not the recorded bytes: ignored
            Assert.False(state.TryGetUnchanged("alice@example.com", Stamp("/p/a.jpg"), out _));
            state.Refresh("alice@example.com", D("a"), Stamp("/p/a.jpg"));
            Assert.True(state.TryGetUnchanged("alice@example.com", Stamp("/p/a.jpg"), out var since));
            Assert.Equal(When, since); // still when it was uploaded
            Assert.False(File.Exists(StatePath + ".journal")); // a refresh is not journaled
        }

        using var next = PictureState.Open(StatePath, "Acct1");
        Assert.True(next.TryGetUnchanged("alice@example.com", Stamp("/p/a.jpg"), out _));
    }

    [Fact]
    public void Forget_drops_a_users_record_through_the_journal_so_a_crash_keeps_it_dropped()
    {
        Saved(("a@example.com", "a"), ("b@example.com", "b"));
        var stateAtStart = File.ReadAllBytes(StatePath);
        byte[] journalAtCrash;
        using (var run = PictureState.Open(StatePath, "Acct1"))
        {
            Assert.True(run.Forget("A@example.com"));
            Assert.False(run.TryGetUnchanged("a@example.com", D("a"), out _));
            journalAtCrash = ReadShared(StatePath + ".journal");
        }
        Assert.Contains("\"forget\":true", Encoding.UTF8.GetString(journalAtCrash));
        using (var closed = PictureState.Open(StatePath, "Acct1"))
            Assert.False(closed.TryGetUnchanged("a@example.com", D("a"), out _));

        // The crash: the state as the run found it, and its journal.
        File.WriteAllBytes(StatePath, stateAtStart);
        File.WriteAllBytes(StatePath + ".journal", journalAtCrash);
        using var next = PictureState.Open(StatePath, "Acct1");
        Assert.False(next.TryGetUnchanged("a@example.com", D("a"), out _));
        Assert.True(next.TryGetUnchanged("b@example.com", D("b"), out _));
        Assert.Equal(1, next.Count);
        using var ro = PictureState.OpenReadOnly(Path.Combine(_dir, "other.state"), "Acct1");
        Assert.False(ro.Forget("b@example.com"));
    }

    /// <summary>
    /// Every point a crash can stop a save or the journal at, as the disk holds it then (the state
    /// file as found or as saved, the temp file whole or cut, the journal with its rows): the next
    /// run has every row the journal had, and nothing under a temp name is left.
    /// </summary>
    public static TheoryData<string> CrashPoints => new()
    {
        "journal-header-cut",      // the first append: the journal created, its header cut
        "journal-record-cut",      // an append cut: the last row was in flight
        "save-temp-cut",           // the save: writing the temp file
        "save-temp-whole",         // the save: temp flushed, not yet renamed over the state file
        "save-renamed",            // the save: renamed, the journal not yet deleted
        "first-save-temp-cut",     // the first run's save (no state file yet): writing the temp file
        "first-save-temp-whole",   // the first run's save: temp flushed, not yet renamed
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_at_any_point_of_a_save_or_an_append_loses_no_row_the_journal_had(string point)
    {
        var first = point.StartsWith("first-", StringComparison.Ordinal);
        if (!first)
            Saved(("old@example.com", "old"));
        var stateAtStart = first ? null : File.ReadAllBytes(StatePath);
        byte[] journal;
        byte[] saved;
        using (var run = PictureState.Open(StatePath, "Acct1"))
        {
            run.Record("a@example.com", D("a"), When);
            run.Record("b@example.com", D("b"), When);
            journal = ReadShared(StatePath + ".journal");
        }
        saved = File.ReadAllBytes(StatePath);
        var header = StateFileFormat.Header(StateFileFormat.JournalFormat, When).Length;
        foreach (var f in Directory.GetFiles(_dir)) if (!f.EndsWith(".lock", StringComparison.Ordinal)) File.Delete(f);

        void State(byte[]? bytes) { if (bytes != null) File.WriteAllBytes(StatePath, bytes); }
        switch (point)
        {
            case "journal-header-cut":
                State(stateAtStart);
                File.WriteAllBytes(StatePath + ".journal", journal[..(header / 2)]);
                break;
            case "journal-record-cut":
                State(stateAtStart);
                File.WriteAllBytes(StatePath + ".journal", journal[..^20]);
                break;
            case "save-temp-cut" or "first-save-temp-cut":
                State(stateAtStart);
                File.WriteAllBytes(StatePath + ".journal", journal);
                File.WriteAllBytes(StatePath + ".tmp", saved[..(saved.Length / 2)]);
                break;
            case "save-temp-whole" or "first-save-temp-whole":
                State(stateAtStart);
                File.WriteAllBytes(StatePath + ".journal", journal);
                File.WriteAllBytes(StatePath + ".tmp", saved);
                break;
            case "save-renamed":
                State(saved);
                File.WriteAllBytes(StatePath + ".journal", journal);
                break;
        }

        using (var next = PictureState.Open(StatePath, "Acct1"))
        {
            var expected = point switch
            {
                "journal-header-cut" => new[] { "old" },
                "journal-record-cut" => new[] { "old", "a" },
                _ => first ? new[] { "a", "b" } : new[] { "old", "a", "b" },
            };
            Assert.Equal(expected.Length, next.Count);
            foreach (var user in expected) Assert.True(next.TryGetUnchanged(user + "@example.com", D(user), out _), user);
        }
        Assert.False(File.Exists(StatePath + ".journal"));
        Assert.False(File.Exists(StatePath + ".tmp"));
        Assert.False(File.Exists(StatePath + ".bak"));
        Assert.True(File.Exists(StatePath));
    }

    [Fact]
    public void A_save_leaves_no_temp_or_backup_file_beside_the_state()
    {
        Saved(("a@example.com", "a"));
        Saved(("b@example.com", "b"));

        Assert.Equal(new[] { StatePath, StatePath + ".lock" }, Directory.GetFiles(_dir).Order());
    }

    [Fact]
    public void The_folder_is_flushed_to_disk_on_Linux_and_macOS()
    {
        // Proves the libc calls resolve and succeed here; that the entry then survives a power cut is the kernel's promise.
        Assert.Equal(!OperatingSystem.IsWindows(), DirectorySync.FlushFolderOf(StatePath));
    }
}
