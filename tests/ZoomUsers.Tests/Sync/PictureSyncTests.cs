using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Bulk;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Sync;

/// <summary>
/// Set-ZoomUserPicture -StatePath, the nightly sync: through Import-Csv files and AD-shaped rows,
/// against the simulator, with the state file on disk between runs.
/// </summary>
public sealed class PictureSyncTests : ModuleTest
{
    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    private string StatePath => Path.Combine(TempDir, "pictures.state");
    private string CsvPath => Path.Combine(TempDir, "pictures.csv");

    /// <summary>When the picture files were last written: a day ago, as on a photo share (a file written seconds ago is read again anyway).</summary>
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

    /// <summary>Picture files for users 1..count and a CSV (Email,PhotoPath) listing them, as a runbook has.</summary>
    private List<string> WriteCsv(int count)
    {
        var files = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var file = Path.Combine(TempDir, $"u{i}.jpg");
            File.WriteAllBytes(file, Jpeg(1000 + i));
            File.SetLastWriteTimeUtc(file, Yesterday);
            files.Add(file);
        }
        WriteCsv(files);
        return files;
    }

    private void WriteCsv(List<string> files) =>
        File.WriteAllLines(CsvPath, files.Select((f, i) => $"{BulkInput.UserId(i + 1)},{f}").Prepend("Email,PhotoPath"));

    /// <summary>
    /// Holds the files open with no sharing: an open by the module then fails (a sharing violation on
    /// Windows, .NET's flock on Linux and macOS), so the row reports PictureReadFailed. A run whose
    /// rows are all Skipped with the files held opened none of them. Reading a file's size and time
    /// needs no open, and works while it is held.
    /// </summary>
    private static IDisposable Hold(IEnumerable<string> files) => new HeldFiles(files);

    private sealed class HeldFiles : IDisposable
    {
        private readonly List<FileStream> _held;
        public HeldFiles(IEnumerable<string> files) => _held = files.Select(f => new FileStream(f, FileMode.Open, FileAccess.ReadWrite, FileShare.None)).ToList();
        public void Dispose() => _held.ForEach(f => f.Dispose());
    }

    private void AssertAllSkippedNothingSent(PsResult r, int rows)
    {
        r.ThrowIfFailed();
        Assert.Empty(r.Errors);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Equal(rows, r.Results.Count);
        Assert.All(r.Results, x => Assert.Equal("Skipped", x.Str("Status")));
    }

    private PsResult Sync(string extra = "") =>
        Ps.Run($"Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1] {extra}", CsvPath, StatePath);

    private int Uploads(string userId) => Sim.Requests.Count(q => q.Method == "POST" && q.UserId == userId && q.StatusCode == 201);

    [Fact]
    public void The_second_run_sends_nothing_and_reports_every_row_Skipped_with_its_file()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(5);

        var first = Sync();
        first.ThrowIfFailed();
        Assert.All(first.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.True(File.Exists(StatePath));
        Sim.ClearRequests();

        var second = Sync();

        second.ThrowIfFailed();
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Equal(5, second.Results.Count);
        Assert.All(second.Results, x =>
        {
            Assert.Equal("Skipped", x.Str("Status"));
            Assert.StartsWith("Unchanged since it was uploaded on ", x.Str("Message"));
            Assert.Null(x.Str("ErrorId"));
            Assert.Equal(0, x.Prop<int>("Attempts"));
        });
        Assert.Equal(files.Order(), second.Results.Select(x => x.Str("Path")!).Order());
        Assert.Empty(second.Errors);
    }

    /// <summary>
    /// A state file written by ZoomUsers before the quick check (format version 1 without file
    /// stamps), committed as it was written: users u1..u3 of account acct-1, with the digests of the
    /// pictures WriteCsv makes.
    /// </summary>
    private static string V1Fixture => Path.Combine(RepoPaths.Root, "tests", "ZoomUsers.Tests", "Sync", "Fixtures", "pictures-v1.state");

    [Fact]
    public void A_version_1_state_file_is_honoured_nothing_is_uploaded_again()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(3);
        File.Copy(V1Fixture, StatePath);

        var r = Sync();

        AssertAllSkippedNothingSent(r, 3);
        // The first run after the upgrade read each file once and recorded its size and time: the next opens none.
        Assert.Contains("\"modified\"", File.ReadAllText(StatePath));
        using (Hold(files))
            AssertAllSkippedNothingSent(Sync(), 3);
    }

    [Fact]
    public void Paths_resolve_as_PowerShell_resolves_them_absolute_with_dots_through_a_drive_or_relative()
    {
        // The cmdlet resolves each absolute path's folder once per run; the result must be what PowerShell gives the whole path.
        Ps.Connect(Sim);
        var files = WriteCsv(5);
        Directory.CreateDirectory(Path.Combine(TempDir, "sub"));
        var sep = Path.DirectorySeparatorChar;
        var given = new List<string>
        {
            files[0],
            Path.Combine(TempDir, "sub") + sep + ".." + sep + "u2.jpg",
            "zphotos:" + sep + "u3.jpg",
            "." + sep + "u4.jpg",
            files[4],
        };
        WriteCsv(given);
        var script = @"
            $null = New-PSDrive -Name zphotos -PSProvider FileSystem -Root $args[1]
            Set-Location -Path $args[1]
            Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[2]
            Import-Csv -Path $args[0] | ForEach-Object { [pscustomobject]@{ Expected = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($_.PhotoPath) } }";

        var r = Ps.Run(script, CsvPath, TempDir, StatePath);

        r.ThrowIfFailed();
        var results = r.Output.Where(o => o.Properties["UserId"] != null).ToList();
        var expected = r.Output.Where(o => o.Properties["Expected"] != null).Select(o => o.Str("Expected")!).ToList();
        Assert.Equal(5, results.Count);
        Assert.All(results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.Equal(files, expected);
        Assert.Equal(expected.Order(), results.Select(x => x.Str("Path")!).Order());
    }

    [Fact]
    public void A_night_with_nothing_changed_opens_no_picture_file()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(5);
        Sync().ThrowIfFailed();
        Sim.ClearRequests();

        using (Hold(files))
        {
            var r = Sync();

            AssertAllSkippedNothingSent(r, 5);
            Assert.All(r.Results, x => Assert.StartsWith("Unchanged since it was uploaded on ", x.Str("Message")));
            Assert.Equal(files.Order(), r.Results.Select(x => x.Str("Path")!).Order());
        }
    }

    [Fact]
    public void A_touched_file_with_the_same_bytes_is_read_and_skipped_once_then_not_read_again()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(3);
        Sync().ThrowIfFailed();
        File.SetLastWriteTimeUtc(files[1], Yesterday.AddHours(1)); // touched, or copied again by a tool that sets the time
        Sim.ClearRequests();

        using (Hold(files.Where((_, i) => i != 1)))
            AssertAllSkippedNothingSent(Sync(), 3);
        using (Hold(files))
            AssertAllSkippedNothingSent(Sync(), 3);
    }

    [Fact]
    public void New_bytes_of_the_same_size_with_a_new_time_upload_then_are_not_read_again()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(3);
        Sync().ThrowIfFailed();
        var replaced = Jpeg(1002);
        replaced[100] ^= 0xFF; // same size, other bytes
        File.WriteAllBytes(files[1], replaced);
        File.SetLastWriteTimeUtc(files[1], Yesterday.AddHours(2));
        Sim.ClearRequests();

        var r = Sync();

        r.ThrowIfFailed();
        Assert.Equal(1, Sim.ApiRequestCount);
        Assert.Equal(replaced, Sim.Users[BulkInput.UserId(2)].Picture);
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == BulkInput.UserId(2)).Str("Status"));
        Sim.ClearRequests();
        using (Hold(files))
            AssertAllSkippedNothingSent(Sync(), 3);
    }

    [Fact]
    public void A_moved_file_with_the_same_bytes_is_read_once_then_skipped_unread()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(3);
        Sync().ThrowIfFailed();
        var moved = Path.Combine(TempDir, "moved-u1.jpg");
        File.Move(files[0], moved); // a move keeps the time: only the path differs
        files[0] = moved;
        WriteCsv(files);
        Sim.ClearRequests();

        using (Hold(files.Skip(1)))
            AssertAllSkippedNothingSent(Sync(), 3);
        using (Hold(files))
        {
            var r = Sync();
            AssertAllSkippedNothingSent(r, 3);
            Assert.Contains(r.Results, x => x.Str("Path") == moved);
        }
    }

    [Fact]
    public void Checksum_reads_every_file_and_finds_new_bytes_that_kept_the_old_size_and_time()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(3);
        Sync().ThrowIfFailed();
        // A copy tool that keeps the time of the file it replaces (robocopy /COPY:T, cp -p): same size, same time, new bytes.
        var replaced = Jpeg(1003);
        replaced[200] ^= 0xFF;
        File.WriteAllBytes(files[2], replaced);
        File.SetLastWriteTimeUtc(files[2], Yesterday);
        Sim.ClearRequests();

        // The quick check cannot see it: that is what -Checksum is for.
        AssertAllSkippedNothingSent(Sync(), 3);
        using (Hold(files))
        {
            var held = Sync("-Checksum -ErrorAction SilentlyContinue");
            Assert.All(held.Results, x => Assert.Equal("PictureReadFailed", x.Str("ErrorId")));
        }

        var r = Sync("-Checksum");

        r.ThrowIfFailed();
        Assert.Equal(BulkInput.UserId(3), Assert.Single(Sim.Requests).UserId);
        Assert.Equal(replaced, Sim.Users[BulkInput.UserId(3)].Picture);
        Assert.Equal(2, r.Results.Count(x => x.Str("Status") == "Skipped"));
    }

    [Fact]
    public void A_file_written_moments_before_the_run_is_read_again_next_time()
    {
        // Its time may not yet tell a later write apart (git's racy-clean rule): no size and time are recorded for it.
        Ps.Connect(Sim);
        var files = WriteCsv(2);
        File.WriteAllBytes(files[0], Jpeg(1001)); // now
        Sync().ThrowIfFailed();
        Sim.ClearRequests();

        using (Hold(files.Skip(1)))
            AssertAllSkippedNothingSent(Sync(), 2);
        using (Hold(files))
            Assert.Equal("PictureReadFailed", Sync("-ErrorAction SilentlyContinue").Results.Single(x => x.Str("UserId") == BulkInput.UserId(1)).Str("ErrorId"));
    }

    [Fact]
    public void Changed_bytes_upload_and_only_they()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(4);
        Sync().ThrowIfFailed();
        var changed = Png(3333);
        File.WriteAllBytes(files[2], changed);
        Sim.ClearRequests();

        var r = Sync();

        r.ThrowIfFailed();
        Assert.Equal(1, Sim.ApiRequestCount);
        Assert.Equal(changed, Sim.Users[BulkInput.UserId(3)].Picture);
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == BulkInput.UserId(3)).Str("Status"));
        Assert.Equal(3, r.Results.Count(x => x.Str("Status") == "Skipped"));
        // And the change is recorded: a third run sends nothing.
        Sim.ClearRequests();
        Sync().ThrowIfFailed();
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void Failed_rows_are_not_recorded_so_the_next_run_retries_them()
    {
        Ps.Connect(Sim);
        WriteCsv(4);
        Sim.MissingUsers.Add(BulkInput.UserId(2));
        Sim.AddUser(BulkInput.UserId(4)).PictureError = (300, "Your request was not accepted because the profile picture contains invalid or explicit content.");
        var first = Sync("-ErrorAction SilentlyContinue");
        Assert.Equal(2, first.Results.Count(x => x.Str("Status") == "Failed"));
        Sim.MissingUsers.Remove(BulkInput.UserId(2));
        Sim.Users[BulkInput.UserId(4)].PictureError = null;
        Sim.ClearRequests();

        var second = Sync();

        second.ThrowIfFailed();
        Assert.Equal(new[] { BulkInput.UserId(2), BulkInput.UserId(4) }, Sim.Requests.Select(q => q.UserId!).Order());
        Assert.Equal(2, second.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.Equal(2, second.Results.Count(x => x.Str("Status") == "Skipped"));
    }

    [Fact]
    public void Force_uploads_unchanged_pictures_and_records_them()
    {
        Ps.Connect(Sim);
        WriteCsv(3);
        Sync().ThrowIfFailed();
        Sim.ClearRequests();

        var r = Sync("-Force");

        r.ThrowIfFailed();
        Assert.Equal(3, Sim.ApiRequestCount);
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Sim.ClearRequests();
        Sync().ThrowIfFailed();
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void WhatIf_shows_only_the_rows_that_would_upload_and_leaves_the_state_as_it_was()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(3);
        Sync().ThrowIfFailed();
        File.WriteAllBytes(files[0], Png(4444));
        var before = File.ReadAllBytes(StatePath);
        var stamp = File.GetLastWriteTimeUtc(StatePath);
        Sim.ClearRequests();

        var r = Sync("-WhatIf");

        r.ThrowIfFailed();
        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        var whatIf = Assert.Single(Ps.Host.Recorder.WhatIfLines);
        Assert.Contains(BulkInput.UserId(1), whatIf);
        Assert.Equal(before, File.ReadAllBytes(StatePath));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(StatePath));
        Assert.False(File.Exists(StatePath + ".journal"));

        // A dry run against a state file that does not exist yet creates nothing.
        var none = Path.Combine(TempDir, "none.state");
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1] -WhatIf", CsvPath, none).ThrowIfFailed();
        Assert.False(File.Exists(none));
    }

    [Fact]
    public void Active_Directory_thumbnailPhoto_rows_sync_the_same_way()
    {
        Ps.Connect(Sim);
        Ps.Set("photoA", Jpeg(2000));
        Ps.Set("photoB", Jpeg(2001));
        const string ad = @"
            @([pscustomobject]@{ PSTypeName = 'Microsoft.ActiveDirectory.Management.ADUser'; UserPrincipalName = 'a@example.com'; thumbnailPhoto = $photoA },
              [pscustomobject]@{ PSTypeName = 'Microsoft.ActiveDirectory.Management.ADUser'; UserPrincipalName = 'b@example.com'; thumbnailPhoto = $photoB }) |
                Set-ZoomUserPicture -StatePath $args[0]";
        Ps.Run(ad, StatePath).ThrowIfFailed();
        Ps.Set("photoB", Png(2002));
        Sim.ClearRequests();

        var r = Ps.Run(ad, StatePath);

        r.ThrowIfFailed();
        Assert.Equal("b@example.com", Assert.Single(Sim.Requests).UserId);
        Assert.Equal("Skipped", r.Results.Single(x => x.Str("UserId") == "a@example.com").Str("Status"));
        Assert.All(r.Results, x => Assert.True(string.IsNullOrEmpty(x.Str("Path"))));
    }

    [Fact]
    public void A_run_stopped_midway_then_rerun_uploads_every_user_once_or_for_rows_in_flight_twice_at_most()
    {
        const int rows = 300, throttle = 8;
        Sim.Options.Latency = TimeSpan.FromMilliseconds(15);
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        WriteCsv(rows);
        var output = new PSDataCollection<PSObject>();
        Ps.Set("csv", CsvPath);
        Ps.Set("state", StatePath);
        using (var ps = Ps.Begin($"Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state -ThrottleLimit {throttle}", out _, output))
        {
            Assert.True(SpinWait.SpinUntil(() => output.Count >= 60, TimeSpan.FromSeconds(60)), "The run never got going.");
            ps.Stop();
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
        var writtenBeforeStop = output.Select(x => x.Str("UserId")!).ToList();
        Assert.True(writtenBeforeStop.Count < rows, "The run finished before it was stopped.");

        var second = Ps.Run($"Import-Csv -Path $csv | Set-ZoomUserPicture -StatePath $state -ThrottleLimit {throttle}");

        second.ThrowIfFailed();
        Assert.Equal(rows, second.Results.Count);
        // Every row written before the stop was recorded: the re-run skips it.
        Assert.All(second.Results.Where(x => writtenBeforeStop.Contains(x.Str("UserId")!)), x => Assert.Equal("Skipped", x.Str("Status")));
        var uploads = Enumerable.Range(1, rows).Select(i => Uploads(BulkInput.UserId(i))).ToList();
        Assert.All(Enumerable.Range(1, rows), i => Assert.NotNull(Sim.Users[BulkInput.UserId(i)].Picture));
        Assert.All(uploads, n => Assert.InRange(n, 1, 2));
        Assert.InRange(uploads.Count(n => n == 2), 0, throttle);
    }

    [Fact]
    public void Two_runs_at_once_on_one_file_the_second_stops_at_once_and_nothing_is_lost()
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());
        var release = Path.Combine(TempDir, "release");
        var output = new PSDataCollection<PSObject>();
        Ps.Set("state", StatePath);
        Ps.Set("release", release);
        // The first run holds the state file while its input waits for the signal.
        using var first = Ps.Begin(@"
            & { 'first1@example.com'; while (-not (Test-Path $release)) { Start-Sleep -Milliseconds 20 }; 'first2@example.com' } |
                Set-ZoomUserPicture -ImageData $photo -StatePath $state", out var handle, output);
        // (Its first result is written only when its next input arrives; Zoom's side shows it got going.)
        Assert.True(SpinWait.SpinUntil(() => Sim.Requests.Any(q => q.UserId == "first1@example.com" && q.StatusCode == 201), TimeSpan.FromSeconds(30)), "The first run never started.");

        using var other = new PowerShellSession();
        other.Connect(Sim);
        other.Set("photo", Jpeg());
        var before = Sim.ApiRequestCount;
        var second = other.Run("'second@example.com' | Set-ZoomUserPicture -ImageData $photo -StatePath $args[0]", StatePath);

        var error = Assert.Single(second.Errors);
        Assert.StartsWith("StateFileInUse,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Contains(StatePath, error.Exception.Message);
        Assert.Empty(second.Results);
        Assert.Equal(before, Sim.ApiRequestCount);
        Assert.DoesNotContain(Sim.Requests, q => q.UserId == "second@example.com");

        File.WriteAllText(release, "");
        first.EndInvoke(handle);
        Assert.Equal(2, output.Count);
        // The first run's rows are all in the file, and it is whole: the second session can now sync.
        var third = other.Run("'first1@example.com', 'first2@example.com', 'second@example.com' | Set-ZoomUserPicture -ImageData $photo -StatePath $args[0]", StatePath);
        third.ThrowIfFailed();
        Assert.Equal(new[] { "Skipped", "Skipped", "Succeeded" }, third.Results.OrderBy(x => x.Str("UserId")).Select(x => x.Str("Status")!));
    }

    [Theory]
    [InlineData("truncated", "cut short")]
    [InlineData("foreign", "not a ZoomUsers picture state file")]
    public void A_damaged_or_foreign_state_file_stops_the_run_before_any_request_and_is_left_alone(string kind, string why)
    {
        Ps.Connect(Sim);
        WriteCsv(3);
        Sync().ThrowIfFailed();
        var text = File.ReadAllText(StatePath);
        var bad = kind == "truncated" ? text[..(text.Length - 30)] : "UserId,Path\r\nsomeone@example.com,C:\\photos\\someone.jpg\r\n";
        File.WriteAllText(StatePath, bad);
        Sim.ClearRequests();

        var r = Sync();

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("StateFileInvalid,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(StatePath, error.TargetObject);
        Assert.Contains(StatePath, error.Exception.Message);
        Assert.Contains(why, error.Exception.Message);
        Assert.Contains(kind == "truncated" ? "delete it" : "-StatePath", error.Exception.Message);
        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Equal(bad, File.ReadAllText(StatePath));
    }

    [Fact]
    public void A_folder_as_StatePath_stops_the_run_before_any_request_and_leaves_nothing_behind()
    {
        Ps.Connect(Sim);
        WriteCsv(2);
        Directory.CreateDirectory(StatePath);
        var before = Directory.GetFileSystemEntries(TempDir).Order().ToArray();

        var r = Sync();

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("StateFileInvalid,", error.FullyQualifiedErrorId);
        Assert.Contains("is a folder", error.Exception.Message);
        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        // No lock, journal or temp file next to it or in it: the next run is not blocked by leftovers.
        Assert.Equal(before, Directory.GetFileSystemEntries(TempDir).Order().ToArray());
        Assert.Empty(Directory.GetFileSystemEntries(StatePath));
    }

    [Fact]
    public void A_report_exported_filtered_to_failed_rows_and_piped_back_retries_exactly_those_with_their_files()
    {
        Ps.Connect(Sim);
        var files = WriteCsv(6);
        Sim.MissingUsers.Add(BulkInput.UserId(2));
        Sim.MissingUsers.Add(BulkInput.UserId(5));
        var report = Path.Combine(TempDir, "report.csv");
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1] -ErrorAction SilentlyContinue | Export-Csv -Path $args[2] -NoTypeInformation",
            CsvPath, StatePath, report);
        var csv = File.ReadAllLines(report);
        Assert.Equal(7, csv.Length);
        Assert.Contains("\"Path\"", csv[0]);
        Sim.MissingUsers.Clear();
        Sim.ClearRequests();

        var r = Ps.Run("Import-Csv -Path $args[0] | Where-Object Status -eq Failed | Set-ZoomUserPicture -StatePath $args[1]", report, StatePath);

        r.ThrowIfFailed();
        Assert.Equal(new[] { BulkInput.UserId(2), BulkInput.UserId(5) }, Sim.Requests.Select(q => q.UserId!).Order());
        Assert.Equal(File.ReadAllBytes(files[1]), Sim.Users[BulkInput.UserId(2)].Picture);
        Assert.Equal(File.ReadAllBytes(files[4]), Sim.Users[BulkInput.UserId(5)].Picture);
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));

        // The report of a run with skipped rows is clean too: one line per row, Status as text.
        var again = Path.Combine(TempDir, "again.csv");
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1] | Export-Csv -Path $args[2] -NoTypeInformation", CsvPath, StatePath, again).ThrowIfFailed();
        var rows = Ps.Run("Import-Csv -Path $args[0]", again).Output;
        Assert.Equal(6, rows.Count);
        Assert.All(rows, x => Assert.Equal("Skipped", x.Str("Status")));
    }

    [Fact]
    public void A_row_refused_for_its_user_id_still_reports_its_file_so_the_fixed_report_row_can_be_fed_back()
    {
        Ps.Connect(Sim);
        var file = Path.Combine(TempDir, "bad-id.jpg");
        File.WriteAllBytes(file, Jpeg(1500));
        File.WriteAllLines(CsvPath, new[] { "Email,PhotoPath", $"..,{file}" });

        var r = Sync("-ErrorAction SilentlyContinue");

        var row = Assert.Single(r.Results);
        Assert.Equal("Failed", row.Str("Status"));
        Assert.Equal("UserIdInvalid", row.Str("ErrorId"));
        Assert.Equal(file, row.Str("Path"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void The_default_view_shows_Skipped()
    {
        Ps.Connect(Sim);
        WriteCsv(1);
        Sync().ThrowIfFailed();

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1] | Out-String -Width 200", CsvPath, StatePath);

        r.ThrowIfFailed();
        var text = string.Concat(r.Output.Select(o => o.ToString()));
        Assert.Contains("Status", text);
        Assert.Contains("Skipped", text);
        Assert.Contains("Unchanged since", text);
    }

    [Fact]
    public void An_access_token_connection_names_no_account_so_StatePath_stops_before_any_request()
    {
        Ps.SetSecureString("tok", "some-token");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Connect-Zoom -AccessToken $tok -ApiBaseUri $args[0] | Out-Null; Set-ZoomUserPicture -UserId a@example.com -ImageData $photo -StatePath $args[1]", Sim.ApiBaseUri, StatePath);

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("StateAccountUnknown,", error.FullyQualifiedErrorId);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public void The_state_file_holds_no_secret()
    {
        Ps.Connect(Sim);
        WriteCsv(2);
        Sync().ThrowIfFailed();

        var text = File.ReadAllText(StatePath);
        Assert.DoesNotContain(Sim.Options.ClientSecret, text);
        Assert.DoesNotContain(Sim.Options.ClientId, text);
        foreach (var token in Sim.Requests.Select(q => q.Headers["Authorization"]).Distinct())
            Assert.DoesNotContain(token.Replace("Bearer ", ""), text);
        Assert.Contains(Sim.Options.AccountId, text);
    }

    /// <summary>
    /// A file rewritten between its checks and its upload (here while -Confirm asks, after the row was
    /// read and hashed): the row fails PictureChangedDuringRun, Zoom gets no picture, nothing is recorded,
    /// and the next run uploads the new bytes and records them.
    /// </summary>
    [Theory]
    [InlineData(true)]  // same length, other bytes: caught by the digest read at the checks
    [InlineData(false)] // grown
    public void A_file_changed_before_its_upload_fails_its_row_and_is_neither_sent_nor_recorded(bool sameLength)
    {
        var file = WriteCsv(1).Single();
        Ps.Connect(Sim);
        Ps.Host.Recorder.ChoiceAnswer = 0; // Yes
        var other = File.ReadAllBytes(file);
        other[^1] ^= 0xFF;
        Ps.Host.Recorder.WhilePrompting = () => File.WriteAllBytes(file, sameLength ? other : Jpeg(4096));
        var user = BulkInput.UserId(1);

        var changed = Ps.Run($"Import-Csv '{CsvPath}' | Set-ZoomUserPicture -StatePath '{StatePath}' -Confirm -ErrorAction SilentlyContinue");

        var row = Assert.Single(changed.Results);
        Assert.Equal("Failed", row.Str("Status"));
        Assert.Equal("PictureChangedDuringRun", row.Str("ErrorId"));
        Assert.Contains("changed after it was checked", row.Str("Message"));
        Assert.Equal(file, row.Str("Path"));
        Assert.Null(Sim.Users.TryGetValue(user, out var simUser) ? simUser.Picture : null);
        Assert.Equal("1", row.Str("Attempts")); // abandoned before its body was complete, and not retried

        Ps.Host.Recorder.WhilePrompting = null;
        var next = Ps.Run($"Import-Csv '{CsvPath}' | Set-ZoomUserPicture -StatePath '{StatePath}' -Confirm:$false");
        Assert.Equal("Succeeded", Assert.Single(next.Results).Str("Status"));
        Assert.Equal(File.ReadAllBytes(file), Sim.Users[user].Picture);
        Assert.Equal("Skipped", Assert.Single(Ps.Run($"Import-Csv '{CsvPath}' | Set-ZoomUserPicture -StatePath '{StatePath}' -Confirm:$false").Results).Str("Status"));
    }
}
