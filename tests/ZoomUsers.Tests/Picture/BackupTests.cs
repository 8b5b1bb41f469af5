using System.Globalization;
using System.Text.Json;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Picture;

/// <summary>-BackupPath and Backup-ZoomUserPicture: each user's picture saved from pic_url before it changes, without the token.</summary>
public sealed class BackupTests : ModuleTest
{
    private byte[] _original = [];

    private string Setup()
    {
        _original = Png(1500);
        var had = Sim.AddUser("had@example.com");
        had.Picture = _original;
        had.PictureContentType = "image/png";
        Sim.AddUser("none@example.com");
        var file = Path.Combine(TempDir, "new.jpg");
        File.WriteAllBytes(file, Jpeg(2000));
        return WriteCsv("pictures.csv", ["Email", "PhotoPath"], ["had@example.com", file], ["none@example.com", file]);
    }

    private string Folder => Path.Combine(TempDir, "backup");

    private static JsonElement Record(string folder, string email) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, email + ".backup"))).RootElement;

    [Fact]
    public void Each_user_s_picture_is_saved_before_the_upload_a_user_without_one_is_recorded_and_the_first_backup_wins()
    {
        var csv = Setup();
        Ps.Connect(Sim);

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -BackupPath $args[1]", csv, Folder);

        r.ThrowIfFailed();
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.Equal(_original, File.ReadAllBytes(Path.Combine(Folder, "had@example.com.png")));
        Assert.Equal("had@example.com.png", Record(Folder, "had@example.com").GetProperty("picture").GetString());
        Assert.Equal(JsonValueKind.Null, Record(Folder, "none@example.com").GetProperty("picture").ValueKind);
        Assert.Empty(Directory.GetFiles(Folder, "*.tmp"));

        // A second run into the same folder keeps the picture from before the first change.
        var second = Path.Combine(TempDir, "second.jpg");
        File.WriteAllBytes(second, Jpeg(3000));
        Ps.Run("Set-ZoomUserPicture -UserId had@example.com -Path $args[0] -BackupPath $args[1]", second, Folder).ThrowIfFailed();
        Assert.Equal("had@example.com.png", Record(Folder, "had@example.com").GetProperty("picture").GetString());
        Assert.Equal(_original, File.ReadAllBytes(Path.Combine(Folder, "had@example.com.png")));
        Assert.Equal(3, Directory.GetFiles(Folder).Length); // two records, one picture
        Assert.Equal(File.ReadAllBytes(second), Sim.Users["had@example.com"].Picture);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(401)]
    public void A_refused_download_fails_the_row_with_PictureBackupFailed_naming_the_answer_and_changes_nothing(int status)
    {
        var csv = Setup();
        Sim.Users["had@example.com"].PictureDownloadRefusal = status;
        Ps.Connect(Sim);

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -BackupPath $args[1]", csv, Folder);

        var failed = Assert.Single(r.Results, x => x.Str("UserId") == "had@example.com");
        Assert.Equal("Failed", failed.Str("Status"));
        Assert.Equal("PictureBackupFailed", failed.Str("ErrorId"));
        Assert.Contains(status.ToString(CultureInfo.InvariantCulture), failed.Str("Message"));
        Assert.Contains("without a token", failed.Str("Message"));
        Assert.StartsWith("PictureBackupFailed", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Equal(_original, Sim.Users["had@example.com"].Picture);
        Assert.DoesNotContain(Sim.Requests, q => q.UserId == "had@example.com" && q.Method == "POST");
        Assert.False(File.Exists(Path.Combine(Folder, "had@example.com.backup")));
        Assert.Equal("Succeeded", Assert.Single(r.Results, x => x.Str("UserId") == "none@example.com").Str("Status"));
    }

    [Fact]
    public void An_answer_that_is_not_an_image_fails_the_backup_and_Remove_keeps_the_picture()
    {
        var csv = Setup();
        Sim.Users["had@example.com"].Picture = "<html>sign in</html>"u8.ToArray();
        Sim.Users["had@example.com"].PictureServedAs = "text/html";
        Ps.Connect(Sim);

        var r = Ps.Run("Remove-ZoomUserPicture -UserId had@example.com -BackupPath $args[0]", Folder);

        var failed = Assert.Single(r.Results);
        Assert.Equal("PictureBackupFailed", failed.Str("ErrorId"));
        Assert.Contains("not an image", failed.Str("Message"));
        Assert.NotNull(Sim.Users["had@example.com"].Picture);
        Assert.DoesNotContain(Sim.Requests, q => q.Method == "DELETE");
    }

    [Fact]
    public void No_request_carrying_the_token_reaches_the_picture_host_and_the_token_is_in_no_output_or_file()
    {
        var csv = Setup();
        Ps.Connect(Sim);

        var r = Ps.Run("Import-Csv -Path $args[0] | Backup-ZoomUserPicture -BackupPath $args[1] -Verbose", csv, Folder);

        r.ThrowIfFailed();
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        var token = Sim.Requests.First(q => q.Path.StartsWith("/v2/", StringComparison.Ordinal)).Headers["Authorization"]["Bearer ".Length..];
        Assert.True(token.Length > 10);
        var pictures = Sim.PictureRequests;
        Assert.Single(pictures);
        Assert.All(pictures, q =>
        {
            Assert.False(q.Headers.ContainsKey("Authorization"));
            Assert.DoesNotContain(q.Headers.Values, v => v.Contains(token, StringComparison.Ordinal));
            Assert.Equal("localhost", q.Headers["Host"].Split(':')[0]);
        });
        Assert.DoesNotContain(token, r.Everything());
        Assert.All(Directory.GetFiles(Folder), f => Assert.DoesNotContain(token, File.ReadAllText(f)));
        // Backup changes nothing in Zoom.
        Assert.DoesNotContain(Sim.Requests, q => q.Path.EndsWith("/picture", StringComparison.Ordinal));
        Assert.Equal(_original, Sim.Users["had@example.com"].Picture);
    }
}

/// <summary>Restore-ZoomUserPicture: every user in a backup folder put back as before the first change.</summary>
public sealed class RestoreTests : ModuleTest
{
    [Fact]
    public void A_run_s_changes_are_undone_saved_pictures_uploaded_and_users_who_had_none_cleared()
    {
        var original = ZoomUsers.Simulator.Pictures.TestPictures.LargeTransparentPng(); // over 2 MB: Zoom would refuse it as it is
        var had = Sim.AddUser("had@example.com");
        had.Picture = original;
        had.PictureContentType = "image/png";
        Sim.AddUser("none@example.com");
        var wrong = Path.Combine(TempDir, "wrong.jpg");
        File.WriteAllBytes(wrong, Jpeg(2000));
        var folder = Path.Combine(TempDir, "backup");
        var csv = WriteCsv("pictures.csv", ["Email", "PhotoPath"], ["had@example.com", wrong], ["none@example.com", wrong]);
        Ps.Connect(Sim);
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -BackupPath $args[1]", csv, folder).ThrowIfFailed();
        Assert.NotNull(Sim.Users["none@example.com"].Picture);

        var dry = Ps.Run("Restore-ZoomUserPicture -BackupPath $args[0] -WhatIf", folder);
        dry.ThrowIfFailed();
        Assert.Empty(dry.Results);
        Assert.Contains("had@example.com", dry.HostText);
        Assert.NotNull(Sim.Users["none@example.com"].Picture);

        var r = Ps.Run("Restore-ZoomUserPicture -BackupPath $args[0]", folder);

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count);
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.Equal("RemovePicture", Assert.Single(r.Results, x => x.Str("UserId") == "none@example.com").Str("Operation"));
        Assert.Null(Sim.Users["none@example.com"].Picture);
        var restored = Sim.Users["had@example.com"].Picture!;
        Assert.True(restored.Length <= 2 * 1024 * 1024, "prepared as -Fit would, to fit Zoom's 2 MB");
        Assert.Equal("image/jpeg", Sim.Users["had@example.com"].PictureContentType);
        Assert.Contains("Prepared", Assert.Single(r.Results, x => x.Str("UserId") == "had@example.com").Str("Message"));
    }
}
