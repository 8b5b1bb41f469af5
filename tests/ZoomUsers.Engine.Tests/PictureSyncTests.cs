using ZoomUsers.Diagnostics;
using ZoomUsers.Results;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// One picture row's decision and work, alone: a real state file in a temp folder; Zoom's answer is
/// a given result (the real upload over HTTP is proved end to end in ZoomUsers.Tests).
/// </summary>
public sealed class PictureSyncTests : IDisposable
{
    private static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46 };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "zoomusers-sync-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> _uploaded = new();
    private readonly Log _log = new();
    private UpdateStatus _zoomAnswers = UpdateStatus.Succeeded;

    public PictureSyncTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StatePath => Path.Combine(_dir, "pictures.state");

    private Task<UserUpdateResult> Zoom(string userId, Picture picture, IOperationLog log, CancellationToken ct)
    {
        Assert.Same(_log, log);
        lock (_uploaded) _uploaded.Add(userId);
        return Task.FromResult(new UserUpdateResult(userId, ZoomOperation.SetPicture) { Status = _zoomAnswers });
    }

    private PictureSync Sync(PictureState? state, bool force = false) => new(state, force ? SyncMode.UploadAll : SyncMode.QuickCheck, Zoom, _log);

    private string File(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task A_row_that_failed_its_checks_fails_with_its_path_and_sends_nothing()
    {
        var missing = Path.Combine(_dir, "missing.jpg");
        var sync = Sync(null);

        var result = await sync.RunAsync(sync.ReadFile("a@example.com", missing), CancellationToken.None);

        Assert.Equal(UpdateStatus.Failed, result.Status);
        Assert.Equal(ErrorIds.PictureNotFound, result.ErrorId);
        Assert.Equal(FailureCategory.ObjectNotFound, result.Category);
        Assert.Equal(missing, result.Path);
        Assert.Empty(_uploaded);
    }

    [Fact]
    public async Task Without_a_state_every_good_row_uploads_and_carries_its_path_or_none_for_bytes()
    {
        var sync = Sync(null);
        Assert.False(sync.SkipsUnchanged);
        var path = File("a.jpg", Jpeg);

        var fromFile = await sync.RunAsync(sync.ReadFile("a@example.com", path), CancellationToken.None);
        var fromBytes = await sync.RunAsync(sync.ReadBytes("b@example.com", Jpeg), CancellationToken.None);

        Assert.Equal(UpdateStatus.Succeeded, fromFile.Status);
        Assert.Equal(path, fromFile.Path);
        Assert.Null(fromBytes.Path);
        Assert.Equal(new[] { "a@example.com", "b@example.com" }, _uploaded);
        Assert.Contains(_log.Lines, l => l.StartsWith("Uploading a.jpg (8 bytes, image/jpeg) as the profile picture of 'a@example.com'.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_upload_is_recorded_and_the_same_bytes_are_then_skipped_without_a_request()
    {
        var path = File("a.jpg", Jpeg);
        using var state = PictureState.Open(StatePath, "Acct1");
        var sync = Sync(state);
        Assert.True(sync.SkipsUnchanged);
        Assert.Null(sync.Settle(sync.ReadFile("a@example.com", path)));

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await sync.RunAsync(sync.ReadFile("a@example.com", path), CancellationToken.None);
        var again = sync.ReadFile("A@EXAMPLE.COM", path);
        var skipped = sync.Settle(again);

        Assert.NotNull(again.UnchangedSince);
        Assert.InRange(again.UnchangedSince!.Value, before, DateTimeOffset.UtcNow);
        Assert.Equal(UpdateStatus.Skipped, skipped!.Status);
        Assert.Equal($"Unchanged since it was uploaded on {again.UnchangedSince.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (state file).", skipped.Message);
        Assert.Equal(path, skipped.Path);
        Assert.Null(skipped.ErrorId);
        Assert.Equal(UpdateStatus.Skipped, (await sync.RunAsync(again, CancellationToken.None)).Status);
        Assert.Single(_uploaded);
    }

    [Theory]
    [InlineData(1.9, false)] // written within the settle time before the read: a later write could keep this time
    [InlineData(2.0, true)]
    public async Task A_files_size_and_time_are_recorded_only_once_it_was_written_long_enough_before_it_was_read(double secondsAfterWrite, bool recorded)
    {
        var path = File("a.jpg", Jpeg);
        var written = new DateTimeOffset(2026, 5, 1, 1, 0, 0, TimeSpan.Zero);
        System.IO.File.SetLastWriteTimeUtc(path, written.UtcDateTime);
        using var state = PictureState.Open(StatePath, "Acct1");
        var now = written.AddSeconds(secondsAfterWrite);
        var sync = new PictureSync(state, SyncMode.QuickCheck, Zoom, _log, now: () => now);

        await sync.RunAsync(sync.ReadFile("a@example.com", path), CancellationToken.None);

        Assert.Equal(recorded, state.TryGetUnchanged("a@example.com", FileStamp.Of(path)!, out _));
        Assert.True(state.TryGetUnchanged("a@example.com", PictureDigest.Of(Jpeg), out _));
    }

    [Fact]
    public async Task The_quick_check_settles_a_file_by_its_stamp_and_Checksum_reads_it_anyway()
    {
        var path = File("a.jpg", Jpeg);
        System.IO.File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        using var state = PictureState.Open(StatePath, "Acct1");
        await Sync(state).RunAsync(Sync(state).ReadFile("a@example.com", path), CancellationToken.None);

        var quick = Sync(state).ReadFile("a@example.com", path);
        var hashed = new PictureSync(state, SyncMode.Checksum, Zoom, _log).ReadFile("a@example.com", path);

        Assert.NotNull(quick.UnchangedSince);
        Assert.Null(quick.Picture); // not read
        Assert.Null(quick.Digest);
        Assert.NotNull(hashed.UnchangedSince);
        Assert.NotNull(hashed.Picture);
        Assert.Equal(PictureDigest.Of(Jpeg), hashed.Digest);
    }

    [Fact]
    public async Task Force_uploads_unchanged_bytes_and_records_them_again()
    {
        using var state = PictureState.Open(StatePath, "Acct1");
        await Sync(state).RunAsync(Sync(state).ReadBytes("a@example.com", Jpeg), CancellationToken.None);

        var forced = Sync(state, force: true);
        Assert.False(forced.SkipsUnchanged);
        var row = forced.ReadBytes("a@example.com", Jpeg);
        Assert.NotNull(row.UnchangedSince);
        Assert.Null(forced.Settle(row));
        var result = await forced.RunAsync(row, CancellationToken.None);

        Assert.Equal(UpdateStatus.Succeeded, result.Status);
        Assert.Equal(2, _uploaded.Count);
        Assert.True(state.TryGetUnchanged("a@example.com", PictureDigest.Of(Jpeg), out _));
    }

    [Fact]
    public async Task A_row_Zoom_refused_is_not_recorded_so_the_next_run_tries_it_again()
    {
        using var state = PictureState.Open(StatePath, "Acct1");
        var sync = Sync(state);
        _zoomAnswers = UpdateStatus.Failed;

        await sync.RunAsync(sync.ReadBytes("a@example.com", Jpeg), CancellationToken.None);

        Assert.False(state.TryGetUnchanged("a@example.com", PictureDigest.Of(Jpeg), out _));
        Assert.Null(sync.Settle(sync.ReadBytes("a@example.com", Jpeg)));
    }

    [Fact]
    public async Task An_upload_the_state_cannot_record_still_succeeds_and_says_it_was_not_recorded()
    {
        using var state = PictureState.Open(StatePath, "Acct1");
        Directory.CreateDirectory(state.JournalPath); // the journal cannot be created
        var sync = Sync(state);

        var result = await sync.RunAsync(sync.ReadBytes("a@example.com", Jpeg), CancellationToken.None);

        Assert.Equal(UpdateStatus.Succeeded, result.Status);
        Assert.StartsWith("Uploaded, but not recorded: ", result.Message);
        Assert.Contains(state.JournalPath, result.Message);
        Assert.False(state.TryGetUnchanged("a@example.com", PictureDigest.Of(Jpeg), out _));
    }

    private sealed class Log : IOperationLog
    {
        public List<string> Lines { get; } = new();
        public bool VerboseEnabled => true;
        public bool DebugEnabled => false;
        public void Verbose(string message) { lock (Lines) Lines.Add(message); }
        public void Debug(string message) { }
    }
}
