using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Users;

public sealed class GetZoomUserTests : ModuleTest
{
    [Fact]
    public void Users_from_a_CSV_AD_and_strings_come_back_as_ZoomUser_objects_and_an_unknown_one_is_a_UserNotFound_error()
    {
        Sim.Options.AutoCreateUsers = false;
        var alice = Sim.AddUser("alice@example.com");
        alice.FirstName = "Alice";
        alice.LastName = "Liddell";
        alice.Type = 2;
        alice.LoginTypes = [100, 101];
        alice.Picture = Jpeg(800);
        alice.PictureContentType = "image/jpeg";
        Sim.AddUser("bob@example.com").Status = "inactive";
        Sim.AddUser("erin@example.com");
        Ps.Connect(Sim);
        var csv = WriteCsv("users.csv", ["Email"], ["alice@example.com"], ["nobody@example.com"], ["bob@example.com"]);

        var r = Ps.Run(@"
            Import-Csv -Path $args[0] | Get-ZoomUser
            [pscustomobject]@{ PSTypeName = 'Microsoft.ActiveDirectory.Management.ADUser'; SamAccountName = 'erin'; UserPrincipalName = 'erin@example.com' } | Get-ZoomUser", csv);

        var users = r.Output.Where(o => o.TypeNames.Contains("ZoomUsers.ZoomUser")).ToList();
        Assert.Equal(["alice@example.com", "bob@example.com", "erin@example.com"], users.Select(u => u.Str("Email")!).Order());
        var a = users.Single(u => u.Str("Email") == "alice@example.com");
        Assert.Equal(alice.Id, a.Str("Id"));
        Assert.Equal("Alice", a.Str("FirstName"));
        Assert.Equal("Liddell", a.Str("LastName"));
        Assert.Equal("active", a.Str("Status"));
        Assert.Equal("Licensed", a.Str("Type"));
        Assert.True(a.Prop<bool>("HasPicture"));
        Assert.StartsWith(Sim.PictureHostUri.AbsoluteUri, a.Str("PictureUrl"));
        Assert.Equal("WorkEmail, SSO", a.Str("LoginTypes"));
        Assert.Equal("inactive", users.Single(u => u.Str("Email") == "bob@example.com").Str("Status"));
        Assert.False(users.Single(u => u.Str("Email") == "bob@example.com").Prop<bool>("HasPicture"));

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("UserNotFound", error.FullyQualifiedErrorId);
        Assert.Contains("nobody@example.com", error.Exception.Message);
        // One GET /users/{userId} per row, nothing else.
        Assert.All(Sim.Requests.Where(q => q.Path.StartsWith("/v2", StringComparison.Ordinal)), q => Assert.Equal("GET", q.Method));
        Assert.Equal(4, Sim.Requests.Count(q => q.UserId != null));
    }

    [Fact]
    public void All_lists_every_status_in_pages_of_300_with_progress_and_pending_users_without_an_Id()
    {
        for (var i = 0; i < 650; i++) Sim.AddUser($"user{i:D4}@example.com");
        Sim.AddUser("idle@example.com").Status = "inactive";
        Sim.AddUser("invited@example.com").Status = "pending";
        Ps.Connect(Sim);

        var r = Ps.Run("Get-ZoomUser -All");

        r.ThrowIfFailed();
        Assert.Equal(652, r.Output.Count);
        Assert.Equal(652, r.Output.Select(o => o.Str("Email")).Distinct().Count());
        var pending = Assert.Single(r.Output, o => o.Str("Status") == "pending");
        Assert.Equal("invited@example.com", pending.Str("Email"));
        Assert.True(string.IsNullOrEmpty(pending.Str("Id")));
        Assert.Equal("inactive", Assert.Single(r.Output, o => o.Str("Email") == "idle@example.com").Str("Status"));

        // One request a page: three of active users, one each of inactive and pending.
        var lists = Sim.Requests.Where(q => q.Path == "/v2/users").ToList();
        Assert.Equal(5, lists.Count);
        Assert.All(lists, q => Assert.Contains("page_size=300", q.RawTarget));
        Assert.Equal(3, lists.Count(q => q.RawTarget.Contains("status=active")));
        Assert.Single(lists, q => q.RawTarget.Contains("status=inactive"));
        Assert.Single(lists, q => q.RawTarget.Contains("status=pending"));
        Assert.Contains(r.Progress, p => p.Activity == "Get-ZoomUser -All");
    }

    [Fact]
    public void Its_output_exports_to_a_clean_CSV_has_a_table_view_and_pipes_into_the_other_cmdlets_by_Email()
    {
        var alice = Sim.AddUser("alice@example.com");
        alice.Picture = Jpeg(700);
        alice.PictureContentType = "image/jpeg";
        Sim.AddUser("bob@example.com");
        Ps.Connect(Sim);
        var report = Path.Combine(TempDir, "users.csv");

        var r = Ps.Run(@"
            $users = Get-ZoomUser -All
            $users | Export-Csv -Path $args[0] -NoTypeInformation
            (Get-FormatData -TypeName ZoomUsers.ZoomUser).FormatViewDefinition.Control.GetType().Name
            $users | Where-Object HasPicture | Remove-ZoomUserPicture", report);

        r.ThrowIfFailed();
        var header = File.ReadLines(report).First();
        Assert.Equal("\"Id\",\"Email\",\"FirstName\",\"LastName\",\"Status\",\"Type\",\"HasPicture\",\"PictureUrl\",\"LoginTypes\"", header);
        Assert.DoesNotContain("System.", File.ReadAllText(report));
        Assert.Contains(r.Output, o => o.BaseObject as string == "TableControl");
        var removed = Assert.Single(r.Results);
        Assert.Equal("alice@example.com", removed.Str("UserId"));
        Assert.Null(alice.Picture);
    }
}
