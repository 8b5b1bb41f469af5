using System.Management.Automation;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Picture;

/// <summary>Remove-ZoomUserPicture through the hosted engine against the simulator: CSV and AD rows, Zoom's errors, dry runs, and the sync's state.</summary>
public sealed class RemoveZoomUserPictureTests : ModuleTest
{
    private const string FullName = "ZoomUsers.Commands.RemoveZoomUserPictureCommand";

    private void GivePictures(params string[] users)
    {
        foreach (var user in users) Sim.AddUser(user).Picture = Jpeg();
    }

    private IEnumerable<Simulator.RecordedRequest> Deletes => Sim.Requests.Where(q => q.Method == "DELETE");

    [Fact]
    public void Csv_rows_remove_each_users_picture_with_one_RemovePicture_result_per_row()
    {
        Ps.Connect(Sim);
        GivePictures("alice@example.com", "bob@example.com");
        // The CSV that set the pictures: its picture column is ignored.
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" }, new[] { "alice@example.com", "alice.jpg" }, new[] { "bob@example.com", "bob.png" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Remove-ZoomUserPicture", csv);

        r.ThrowIfFailed();
        Assert.Equal(new[] { "alice@example.com", "bob@example.com" }, r.Results.Select(x => x.Str("UserId")!).Order());
        Assert.All(r.Results, x =>
        {
            Assert.Equal("RemovePicture", x.Str("Operation"));
            Assert.Equal("Succeeded", x.Str("Status"));
            Assert.Equal(204, x.Prop<int>("HttpStatus"));
            Assert.Equal("Picture removed.", x.Str("Message"));
            Assert.Null(x.Str("ErrorId"));
        });
        Assert.Null(Sim.Users["alice@example.com"].Picture);
        Assert.Null(Sim.Users["bob@example.com"].Picture);
        Assert.Equal(new[] { "/v2/users/alice%40example.com/picture", "/v2/users/bob%40example.com/picture" }, Deletes.Select(q => q.RawTarget).Order());
    }

    [Fact]
    public void Active_Directory_users_bind_by_UserPrincipalName_and_strings_by_value()
    {
        Ps.Connect(Sim);
        GivePictures("erin@example.com", "f@example.com");

        var r = Ps.Run(@"
            [pscustomobject]@{
                PSTypeName = 'Microsoft.ActiveDirectory.Management.ADUser'
                SamAccountName = 'erin'
                DistinguishedName = 'CN=Erin,OU=Leavers,DC=corp,DC=example'
                UserPrincipalName = 'erin@example.com'
                Enabled = $false
            } | Remove-ZoomUserPicture
            'f@example.com' | Remove-ZoomUserPicture");

        r.ThrowIfFailed();
        Assert.Equal(new[] { "erin@example.com", "f@example.com" }, r.Results.Select(x => x.Str("UserId")!).Order());
        Assert.Null(Sim.Users["erin@example.com"].Picture);
        Assert.Null(Sim.Users["f@example.com"].Picture);
    }

    [Fact]
    public void An_unknown_user_fails_alone_with_404_code_1001_UserNotFound()
    {
        Ps.Connect(Sim);
        GivePictures("here@example.com");
        Sim.MissingUsers.Add("ghost@example.com");

        var r = Ps.Run("'ghost@example.com', 'here@example.com' | Remove-ZoomUserPicture");

        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Results.Count);
        var x = r.Results.Single(o => o.Str("UserId") == "ghost@example.com");
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal("RemovePicture", x.Str("Operation"));
        Assert.Equal(404, x.Prop<int>("HttpStatus"));
        Assert.Equal(1001, x.Prop<int>("ErrorCode"));
        Assert.Equal("UserNotFound", x.Str("ErrorId"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("UserNotFound," + FullName, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Same(x.BaseObject, e.TargetObject);
        Assert.StartsWith("Could not remove the profile picture of 'ghost@example.com'", e.Exception.Message);
        Assert.Equal("Succeeded", r.Results.Single(o => o.Str("UserId") == "here@example.com").Str("Status"));
    }

    [Fact]
    public void An_account_where_only_admins_change_pictures_answers_code_200_PictureChangeNotAllowed()
    {
        Ps.Connect(Sim);
        Sim.AddUser("z@example.com").PictureError = (200, "Only an account administrator can change a profile picture.");

        var r = Ps.Run("Remove-ZoomUserPicture -UserId z@example.com");

        var x = Assert.Single(r.Results);
        Assert.Equal(400, x.Prop<int>("HttpStatus"));
        Assert.Equal(200, x.Prop<int>("ErrorCode"));
        Assert.Equal("PictureChangeNotAllowed", x.Str("ErrorId"));
        Assert.Equal(ErrorCategory.PermissionDenied, Assert.Single(r.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void A_missing_scope_names_the_granular_delete_scope()
    {
        Sim.Options.Scopes = "user:write:profile_picture:admin";
        Ps.Connect(Sim);

        var r = Ps.Run("Remove-ZoomUserPicture -UserId s@example.com");

        var x = Assert.Single(r.Results);
        Assert.Equal("MissingScope", x.Str("ErrorId"));
        Assert.Contains("user:delete:profile_picture:admin", x.Str("Message"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
    }

    [Fact]
    public void WhatIf_sends_nothing_writes_no_results_and_still_reports_a_row_without_a_user()
    {
        Ps.Connect(Sim);
        GivePictures("a@example.com");
        Sim.ClearRequests();
        var csv = WriteCsv("leavers.csv", new[] { "Email", "Name" }, new[] { "a@example.com", "Ann" }, new[] { "", "Nobody" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Remove-ZoomUserPicture -WhatIf", csv);

        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.NotNull(Sim.Users["a@example.com"].Picture);
        Assert.Contains(Ps.Host.Recorder.WhatIfLines, l => l.Contains("Remove profile picture") && l.Contains("a@example.com"));
        Assert.StartsWith("UserIdMissing,", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_declined_confirmation_sends_nothing_and_writes_no_result()
    {
        Ps.Connect(Sim);
        GivePictures("c@example.com");
        Ps.Host.Recorder.ChoiceAnswer = 2; // No

        var r = Ps.Run("Remove-ZoomUserPicture -UserId c@example.com -Confirm");

        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Contains("Remove profile picture", Assert.Single(Ps.Host.Recorder.Prompts));
        Assert.NotNull(Sim.Users["c@example.com"].Picture);
    }

    [Fact]
    public void ConfirmImpact_is_Medium_so_a_High_ConfirmPreference_does_not_prompt()
    {
        Ps.Connect(Sim);
        GivePictures("d@example.com");

        var r = Ps.Run("$ConfirmPreference = 'High'; Remove-ZoomUserPicture -UserId d@example.com; $ConfirmPreference = 'Medium'; Remove-ZoomUserPicture -UserId d@example.com");

        Assert.Single(r.Results); // the second asked, and the recorder said No
        Assert.Single(Ps.Host.Recorder.Prompts);
    }

    [Fact]
    public void With_StatePath_the_removed_users_record_is_dropped_so_the_next_sync_uploads_again()
    {
        Ps.Connect(Sim);
        Sim.MissingUsers.Add("ghost@example.com");
        var (state, csv, a) = SyncTwoPictures();

        var removed = Ps.Run("'a@example.com', 'ghost@example.com' | Remove-ZoomUserPicture -StatePath $args[0]", state);
        Assert.Equal("Succeeded", removed.Results.Single(x => x.Str("UserId") == "a@example.com").Str("Status"));
        Assert.DoesNotContain("a@example.com", File.ReadAllText(state));
        Assert.Contains("b@example.com", File.ReadAllText(state));
        Assert.False(File.Exists(state + ".journal"));
        Sim.ClearRequests();

        AssertNextSyncUploadsOnlyA(csv, state);
        Assert.Equal(File.ReadAllBytes(a), Sim.Users["a@example.com"].Picture);
    }

    /// <summary>
    /// The journal cannot be written (its name is taken by a folder): the record is dropped in memory,
    /// the result says so, and the state file written when the run ends lacks it, so the next sync uploads.
    /// </summary>
    [Fact]
    public void A_forget_whose_journal_write_fails_is_kept_by_the_end_of_run_save_and_the_next_sync_uploads()
    {
        Ps.Connect(Sim);
        var (state, csv, _) = SyncTwoPictures();
        Directory.CreateDirectory(state + ".journal");

        var removed = Ps.Run("Remove-ZoomUserPicture -UserId a@example.com -StatePath $args[0]", state);

        var result = Assert.Single(removed.Results);
        Assert.Equal("Succeeded", result.Str("Status"));
        Assert.StartsWith("Picture removed. Its record is dropped from the state file when this run ends", result.Str("Message"));
        Assert.Contains(state + ".journal", result.Str("Message"));
        Assert.DoesNotContain("a@example.com", File.ReadAllText(state));
        Directory.Delete(state + ".journal");
        Sim.ClearRequests();

        AssertNextSyncUploadsOnlyA(csv, state);
    }

    /// <summary>a@example.com's and b@example.com's pictures synced with -StatePath: the state file, the CSV that syncs them, a@'s picture.</summary>
    private (string State, string Csv, string PictureA) SyncTwoPictures()
    {
        var state = Path.Combine(TempDir, "pictures.state");
        var a = Path.Combine(TempDir, "a.jpg");
        var b = Path.Combine(TempDir, "b.jpg");
        File.WriteAllBytes(a, Jpeg(3001));
        File.WriteAllBytes(b, Jpeg(3002));
        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" }, new[] { "a@example.com", a }, new[] { "b@example.com", b });
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1]", csv, state).ThrowIfFailed();
        return (state, csv, a);
    }

    /// <summary>The same sync again uploads a@example.com's picture, whose record was forgotten, and skips b@'s: one upload in all.</summary>
    private void AssertNextSyncUploadsOnlyA(string csv, string state)
    {
        var next = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -StatePath $args[1]", csv, state);

        next.ThrowIfFailed();
        Assert.Equal("Succeeded", next.Results.Single(x => x.Str("UserId") == "a@example.com").Str("Status"));
        Assert.Equal("Skipped", next.Results.Single(x => x.Str("UserId") == "b@example.com").Str("Status"));
        Assert.Single(Sim.Requests, q => q.Method == "POST");
    }

    [Fact]
    public void The_table_view_shows_the_whole_operation_name()
    {
        Ps.Connect(Sim);
        GivePictures("v@example.com");

        var r = Ps.Run("Remove-ZoomUserPicture -UserId v@example.com | Format-Table | Out-String -Width 200");

        r.ThrowIfFailed();
        var table = string.Concat(r.Output.Select(o => o.ToString()));
        Assert.Contains("Operation", table);
        Assert.Contains("RemovePicture", table);
    }

    [Fact]
    public void WhatIf_with_StatePath_leaves_the_state_file_as_it_was()
    {
        Ps.Connect(Sim);
        var state = Path.Combine(TempDir, "pictures.state");
        Ps.Set("photo", Jpeg());
        Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo -StatePath $args[0]", state).ThrowIfFailed();
        var before = File.ReadAllBytes(state);

        var r = Ps.Run("Remove-ZoomUserPicture -UserId a@example.com -StatePath $args[0] -WhatIf", state);

        r.ThrowIfFailed();
        Assert.Equal(before, File.ReadAllBytes(state));
        Assert.False(File.Exists(state + ".journal"));
        Assert.DoesNotContain(Sim.Requests, q => q.Method == "DELETE");
    }
}
