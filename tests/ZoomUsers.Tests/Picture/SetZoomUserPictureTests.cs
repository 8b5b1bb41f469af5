using System.Management.Automation;
using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Picture;

public sealed class SetZoomUserPictureTests : ModuleTest
{
    [Fact]
    public void Csv_rows_upload_each_file_and_yield_one_result_per_row()
    {
        Ps.Connect(Sim);
        var a = Path.Combine(TempDir, "alice.jpg");
        var b = Path.Combine(TempDir, "bob.png");
        File.WriteAllBytes(a, Jpeg(5000));
        File.WriteAllBytes(b, Png(3000));

        var csv = WriteCsv("pictures.csv", new[] { "Email", "PhotoPath" }, new[] { "alice@example.com", a }, new[] { "bob@example.com", b });
        var report = Path.Combine(TempDir, "picture-results.csv");

        var r = Ps.Run(@"
            $results = Import-Csv -Path $args[0] | Set-ZoomUserPicture
            $results
            $results | Export-Csv -Path $args[1] -NoTypeInformation", csv, report);

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count);
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.Equal(new[] { "alice@example.com", "bob@example.com" }, r.Results.Select(x => x.Str("UserId")!).OrderBy(x => x));
        Assert.Equal(File.ReadAllBytes(a), Sim.Users["alice@example.com"].Picture);
        Assert.Equal("image/png", Sim.Users["bob@example.com"].PictureContentType);

        // The report: one line per input row, read back as the next run would read it.
        var lines = Ps.Run("Import-Csv -Path $args[0]", report);
        lines.ThrowIfFailed();
        Assert.Equal(new[] { "alice@example.com", "bob@example.com" }, lines.Output.Select(x => x.Str("UserId")!).Order());
        Assert.All(lines.Output, x => Assert.Equal("Succeeded", x.Str("Status")));
        Assert.All(lines.Output, x => Assert.Equal("SetPicture", x.Str("Operation")));
    }

    [Fact]
    public void The_server_receives_one_pic_file_part_with_name_type_and_bytes()
    {
        Ps.Connect(Sim);
        var file = Path.Combine(TempDir, "photo.jpg");
        var bytes = Jpeg(7777);
        File.WriteAllBytes(file, bytes);

        Ps.Run("Set-ZoomUserPicture -UserId 'carol@example.com' -Path $args[0]", file).ThrowIfFailed();

        var request = Sim.Requests.Single(q => q.Path.EndsWith("/picture", StringComparison.Ordinal));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/users/carol%40example.com/picture", request.RawTarget);
        Assert.StartsWith("multipart/form-data", request.ContentType);
        Assert.StartsWith("Bearer ", request.Headers["Authorization"]);
        var part = Assert.Single(request.Parts);
        Assert.Equal("pic_file", part.Name);
        Assert.Equal("photo.jpg", part.FileName);
        Assert.Equal("image/jpeg", part.ContentType);
        Assert.Equal(bytes, part.Data);
        var body = Encoding.ASCII.GetString(request.Body);
        Assert.Contains("name=\"pic_file\"; filename=\"photo.jpg\"", body);
    }

    [Fact]
    public void Content_type_and_file_name_follow_the_bytes_not_the_extension()
    {
        Ps.Connect(Sim);
        var file = Path.Combine(TempDir, "really-a-png.jpg");
        File.WriteAllBytes(file, Png(2048));

        Ps.Run("Set-ZoomUserPicture -UserId dave@example.com -Path $args[0]", file).ThrowIfFailed();

        var part = Sim.Requests.Single(q => q.Path.EndsWith("/picture", StringComparison.Ordinal)).Parts.Single();
        Assert.Equal("image/png", part.ContentType);
        Assert.Equal("picture.png", part.FileName);
    }

    [Fact]
    public void Active_Directory_users_upload_their_thumbnailPhoto_bytes()
    {
        Ps.Connect(Sim);
        var photo = Jpeg(4000);
        Ps.Set("photo", photo);

        // The shape Get-ADUser -Properties thumbnailPhoto emits.
        var r = Ps.Run(@"
            [pscustomobject]@{
                PSTypeName = 'Microsoft.ActiveDirectory.Management.ADUser'
                SamAccountName = 'erin'
                DistinguishedName = 'CN=Erin,OU=Staff,DC=corp,DC=example'
                UserPrincipalName = 'erin@example.com'
                thumbnailPhoto = $photo
            } | Set-ZoomUserPicture");

        r.ThrowIfFailed();
        var result = Assert.Single(r.Results);
        Assert.Equal("erin@example.com", result.Str("UserId"));
        Assert.Equal(photo, Sim.Users["erin@example.com"].Picture);
        Assert.Equal("picture.jpg", Sim.Requests.Single(q => q.Path.EndsWith("/picture", StringComparison.Ordinal)).Parts.Single().FileName);
    }

    [Fact]
    public void Strings_bind_by_value_and_relative_paths_resolve_against_the_PowerShell_location()
    {
        Ps.Connect(Sim);
        File.WriteAllBytes(Path.Combine(TempDir, "shared.jpg"), Jpeg());

        var r = Ps.Run("$ExecutionContext.SessionState.Path.SetLocation($args[0]) | Out-Null; 'f@example.com', 'g@example.com' | Set-ZoomUserPicture -Path ./shared.jpg", TempDir);

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count);
        Assert.NotNull(Sim.Users["f@example.com"].Picture);
        Assert.NotNull(Sim.Users["g@example.com"].Picture);
    }

    [Fact]
    public void Result_objects_carry_the_report_columns()
    {
        Sim.Options.SendContentLocation = true;
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId h@example.com -ImageData $photo");

        var x = Assert.Single(r.Results);
        Assert.Equal("ZoomUsers.UserUpdateResult", x.TypeNames[0]);
        Assert.Equal("SetPicture", x.Str("Operation"));
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(201, x.Prop<int>("HttpStatus"));
        Assert.Null(x.Properties["ErrorCode"].Value);
        Assert.Null(x.Properties["ErrorId"].Value);
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.True(x.Prop<TimeSpan>("Duration") > TimeSpan.Zero);
        Assert.Equal(Sim.Requests.Single(q => q.Path.EndsWith("/picture", StringComparison.Ordinal)).TrackingId, x.Str("TrackingId"));
        Assert.Equal("https://sim.zoom.test/p/h%40example.com.jpg", x.Str("PictureUrl"));
        var names = x.Properties.Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "UserId", "Operation", "Status", "HttpStatus", "ErrorCode", "ErrorId", "Message", "Attempts", "Duration", "TrackingId", "PictureUrl", "Path", "NewPassword" }, names);
    }

    public static TheoryData<string, string> LocalFailures => new()
    {
        { "missing", "PictureNotFound" },
        { "directory", "PicturePathIsDirectory" },
        { "empty", "PictureEmpty" },
        { "toolarge", "PictureTooLarge" },
        { "gif", "PictureFormatUnsupported" },
        { "bmp", "PictureFormatUnsupported" },
        { "text", "PictureFormatUnsupported" },
        { "truncatedjpeg", "PictureFormatUnsupported" },
        { "blankpath", "PictureMissing" },
        { "registry", "PicturePathInvalid" },
    };

    [Theory]
    [MemberData(nameof(LocalFailures))]
    public void A_bad_picture_fails_its_own_row_before_any_request_and_the_run_goes_on(string kind, string errorId)
    {
        Ps.Connect(Sim);
        var good = Path.Combine(TempDir, "good.jpg");
        File.WriteAllBytes(good, Jpeg());
        var bad = Path.Combine(TempDir, "bad.jpg");
        switch (kind)
        {
            case "missing": break;
            case "directory": Directory.CreateDirectory(bad); break;
            case "empty": File.WriteAllBytes(bad, Array.Empty<byte>()); break;
            case "toolarge": File.WriteAllBytes(bad, Jpeg(2 * 1024 * 1024 + 1)); break;
            case "gif": File.WriteAllBytes(bad, Encoding.ASCII.GetBytes("GIF89a....")); break;
            case "bmp": File.WriteAllBytes(bad, Encoding.ASCII.GetBytes("BM........")); break;
            case "text": File.WriteAllText(bad, "not a picture at all"); break;
            case "truncatedjpeg": File.WriteAllBytes(bad, new byte[] { 0xFF, 0xD8 }); break;
            case "blankpath": bad = "  "; break;
            case "registry": bad = "Variable:/PSHOME"; break;
        }

        var csv = WriteCsv("pictures.csv", new[] { "UserId", "Path" }, new[] { "bad@example.com", bad }, new[] { "good@example.com", good });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture", csv);

        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Results.Count);
        var failed = r.Results.Single(x => x.Str("UserId") == "bad@example.com");
        Assert.Equal("Failed", failed.Str("Status"));
        Assert.Equal(errorId, failed.Str("ErrorId"));
        Assert.False(string.IsNullOrWhiteSpace(failed.Str("Message")));
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == "good@example.com").Str("Status"));
        var error = Assert.Single(r.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Same(failed.BaseObject, error.TargetObject);
        Assert.DoesNotContain(Sim.Requests, q => q.UserId == "bad@example.com");
    }

    [Theory]
    [InlineData(120, "File size cannot exceed 2M.", "PictureRejected", "InvalidData")]
    [InlineData(300, "Your request was not accepted because the profile picture contains invalid or explicit content.", "PictureContentRejected", "InvalidData")]
    [InlineData(200, "Only an account administrator can change a profile picture.", "PictureChangeNotAllowed", "PermissionDenied")]
    public void Zoom_picture_errors_become_failed_rows_with_code_message_and_id(int code, string message, string errorId, string category)
    {
        Ps.Connect(Sim);
        Sim.AddUser("z@example.com").PictureError = (code, message);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId z@example.com -ImageData $photo");

        var x = ResultAssert.SingleRefusal(r, code, errorId, message);
        var e = Assert.Single(r.Errors);
        Assert.Equal(category, e.CategoryInfo.Category.ToString());
        Assert.Equal(errorId + ",ZoomUsers.Commands.SetZoomUserPictureCommand", e.FullyQualifiedErrorId);
    }

    [Fact]
    public void An_unknown_user_is_404_code_1001_ObjectNotFound()
    {
        Ps.Connect(Sim);
        Sim.MissingUsers.Add("ghost@example.com");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId ghost@example.com -ImageData $photo");

        var x = Assert.Single(r.Results);
        Assert.Equal(404, x.Prop<int>("HttpStatus"));
        Assert.Equal(1001, x.Prop<int>("ErrorCode"));
        Assert.Equal("UserNotFound", x.Str("ErrorId"));
        Assert.Equal("User does not exist: ghost@example.com.", x.Str("Message"));
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(r.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void An_expired_token_is_renewed_once_invisibly()
    {
        Ps.Connect(Sim);
        Sim.ExpireAllTokens();
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId renew@example.com -ImageData $photo");

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(2, x.Prop<int>("Attempts"));
        Assert.Equal(2, Sim.TokenRequestCount);
    }

    [Fact]
    public void A_missing_scope_is_not_retried_and_names_the_scope_to_add()
    {
        Sim.Options.Scopes = "account:read:admin";
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId s@example.com -ImageData $photo");

        var x = Assert.Single(r.Results);
        Assert.Equal("MissingScope", x.Str("ErrorId"));
        Assert.Equal(4711, x.Prop<int>("ErrorCode"));
        Assert.Contains("user:write:admin", x.Str("Message"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.Equal(ErrorCategory.PermissionDenied, Assert.Single(r.Errors).CategoryInfo.Category);
    }

    [Fact]
    public void WhatIf_runs_local_checks_sends_nothing_and_writes_no_results()
    {
        Ps.Connect(Sim);
        var good = Path.Combine(TempDir, "good.jpg");
        File.WriteAllBytes(good, Jpeg());
        Sim.ClearRequests();

        var csv = WriteCsv("pictures.csv", new[] { "UserId", "Path" }, new[] { "a@example.com", good }, new[] { "b@example.com", Path.Combine(TempDir, "nope.jpg") });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -WhatIf", csv);

        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Contains(Ps.Host.Recorder.WhatIfLines, l => l.Contains("Set profile picture") && l.Contains("a@example.com"));
        Assert.DoesNotContain(Ps.Host.Recorder.WhatIfLines, l => l.Contains("b@example.com"));
        Assert.StartsWith("PictureNotFound,", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_declined_confirmation_sends_nothing_and_writes_no_result()
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());
        Ps.Host.Recorder.ChoiceAnswer = 2; // No

        var r = Ps.Run("Set-ZoomUserPicture -UserId c@example.com -ImageData $photo -Confirm");

        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
        Assert.Single(Ps.Host.Recorder.Prompts);
    }

    [Fact]
    public void An_accepted_confirmation_sends()
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());
        Ps.Host.Recorder.ChoiceAnswer = 0; // Yes

        var r = Ps.Run("Set-ZoomUserPicture -UserId c@example.com -ImageData $photo -Confirm");

        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
    }

    [Fact]
    public void ErrorAction_Stop_turns_a_failed_row_into_a_terminating_error()
    {
        Ps.Connect(Sim);
        Sim.MissingUsers.Add("ghost@example.com");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            try { Set-ZoomUserPicture -UserId ghost@example.com -ImageData $photo -ErrorAction Stop; 'not reached' }
            catch { 'caught:' + $_.FullyQualifiedErrorId; 'target:' + $_.TargetObject.UserId }");

        Assert.Contains(r.Output, o => o.ToString() == "caught:UserNotFound,ZoomUsers.Commands.SetZoomUserPictureCommand");
        Assert.Contains(r.Output, o => o.ToString() == "target:ghost@example.com");
        Assert.DoesNotContain(r.Output, o => o.ToString() == "not reached");
    }

    [Fact]
    public void ErrorVariable_and_dollar_question_behave_as_users_expect()
    {
        Ps.Connect(Sim);
        Sim.MissingUsers.Add("ghost@example.com");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(@"
            $null = Set-ZoomUserPicture -UserId ghost@example.com -ImageData $photo -ErrorVariable ev -ErrorAction SilentlyContinue
            $ok = $?
            ""count:$($ev.Count)""; ""ok:$ok""");

        Assert.Contains(r.Output, o => o.ToString() == "count:1");
        Assert.Contains(r.Output, o => o.ToString() == "ok:False");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_user_ids_fail_their_row_with_UserIdMissing(string id)
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("[pscustomobject]@{ UserId = $args[0]; thumbnailPhoto = $photo } | Set-ZoomUserPicture", id);

        var x = Assert.Single(r.Results);
        Assert.Equal("UserIdMissing", x.Str("ErrorId"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void A_file_whose_columns_have_other_names_gets_a_result_for_every_row_naming_the_columns_accepted()
    {
        Ps.Connect(Sim);
        var photo = Path.Combine(TempDir, "a.jpg");
        File.WriteAllBytes(photo, Jpeg());
        var pictureOnly = WriteCsv("photo-file.csv", new[] { "Email", "Photo File" }, new[] { "a@example.com", photo }, new[] { "b@example.com", photo });
        var neither = WriteCsv("e-mail.csv", new[] { "E-mail", "Photo File" }, new[] { "a@example.com", photo }, new[] { "b@example.com", photo });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture | Export-Csv -Path $args[1] -NoTypeInformation; Import-Csv -Path $args[1]",
            pictureOnly, Path.Combine(TempDir, "report.csv"));
        var both = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture", neither);

        // The report has every row, each failed with what the row lacks.
        Assert.Null(r.Terminating);
        Assert.Equal(new[] { "a@example.com", "b@example.com" }, r.Output.Select(x => x.Str("UserId")));
        Assert.All(r.Output, x =>
        {
            Assert.Equal("PictureMissing", x.Str("ErrorId"));
            Assert.Equal("The input has no picture: give -Path or -ImageData, or a property named Path, FullName, PicturePath, PhotoPath, FilePath or Picture " +
                         "(a file) or ImageData, thumbnailPhoto, jpegPhoto or Photo (the bytes) that is not empty.", x.Str("Message"));
        });
        Assert.Equal(2, r.Errors.Count(e => e.FullyQualifiedErrorId == "PictureMissing,ZoomUsers.Commands.SetZoomUserPictureCommand"));
        Assert.Equal(2, both.Results.Count);
        Assert.All(both.Results, x => Assert.Equal("UserIdMissing", x.Str("ErrorId")));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Fact]
    public void A_row_without_any_user_column_fails_with_UserIdMissing_and_does_not_echo_the_row()
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("[pscustomobject]@{ Name = 'nobody'; thumbnailPhoto = $photo } | Set-ZoomUserPicture");

        var x = Assert.Single(r.Results);
        Assert.Equal("UserIdMissing", x.Str("ErrorId"));
        Assert.Null(x.Str("UserId"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    [Theory]
    [InlineData("a/b@example.com", "/v2/users/a%2Fb%40example.com/picture")]
    [InlineData("x?y=1#z", "/v2/users/x%3Fy%3D1%23z/picture")]
    public void User_ids_are_escaped_into_one_path_segment(string id, string rawTarget)
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        Ps.Run("Set-ZoomUserPicture -UserId $args[0] -ImageData $photo", id).ThrowIfFailed();

        var request = Sim.Requests.Single(q => q.Method == "POST" && q.Path.StartsWith("/v2/users/", StringComparison.Ordinal));
        Assert.Equal(rawTarget, request.RawTarget);
        Assert.Equal(id, request.UserId);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public void Dot_segments_never_become_a_request(string id)
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId $args[0] -ImageData $photo", id);

        Assert.Equal("UserIdInvalid", Assert.Single(r.Results).Str("ErrorId"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }
}
