using ZoomUsers.Simulator.Pictures;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Picture;

/// <summary>Set-ZoomUserPicture -NoClobber: only users without a picture get one; each row that would upload is looked up first, and no other.</summary>
public sealed class NoClobberTests : ModuleTest
{
    private string TwoRows(out byte[] kept)
    {
        kept = Jpeg(900);
        var had = Sim.AddUser("had@example.com");
        had.Picture = kept;
        had.PictureContentType = "image/jpeg";
        Sim.AddUser("none@example.com");
        var file = Path.Combine(TempDir, "photo.jpg");
        File.WriteAllBytes(file, TestPictures.JpegOf(TestPictures.Halves(64, 64)));
        return WriteCsv("pictures.csv", ["Email", "PhotoPath"], ["had@example.com", file], ["none@example.com", file]);
    }

    [Fact]
    public void A_user_who_has_a_picture_is_Skipped_with_the_reason_and_one_without_gets_it_with_Fit_too()
    {
        var csv = TwoRows(out var kept);
        Ps.Connect(Sim);

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -NoClobber -Fit", csv);

        r.ThrowIfFailed();
        var skipped = Assert.Single(r.Results, x => x.Str("UserId") == "had@example.com");
        Assert.Equal("Skipped", skipped.Str("Status"));
        Assert.Contains("already has a profile picture", skipped.Str("Message"));
        Assert.Contains("-NoClobber", skipped.Str("Message"));
        Assert.Equal("Succeeded", Assert.Single(r.Results, x => x.Str("UserId") == "none@example.com").Str("Status"));
        Assert.Equal(kept, Sim.Users["had@example.com"].Picture);
        Assert.NotNull(Sim.Users["none@example.com"].Picture);
        Assert.Equal(2, Sim.Requests.Count(q => q.Method == "GET" && q.UserId != null));
        Assert.Equal("none@example.com", Assert.Single(Sim.Requests, q => q.Method == "POST" && q.Path.EndsWith("/picture", StringComparison.Ordinal)).UserId);
    }

    [Fact]
    public void Under_WhatIf_the_lookups_run_and_nothing_changes()
    {
        var csv = TwoRows(out var kept);
        Ps.Connect(Sim);

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -NoClobber -WhatIf -Verbose", csv);

        r.ThrowIfFailed();
        Assert.Empty(r.Results);
        Assert.Equal(2, Sim.Requests.Count(q => q.Method == "GET" && q.UserId != null));
        Assert.DoesNotContain(Sim.Requests, q => q.Path.EndsWith("/picture", StringComparison.Ordinal));
        Assert.Equal(kept, Sim.Users["had@example.com"].Picture);
        Assert.Null(Sim.Users["none@example.com"].Picture);
        Assert.Contains(r.Verbose, v => v.Contains("had@example.com") && v.Contains("already has a profile picture"));
        Assert.Contains("none@example.com", r.HostText);
        Assert.DoesNotContain("\"had@example.com\"", r.HostText);
    }

    [Fact]
    public void With_StatePath_an_unchanged_row_and_a_row_failing_locally_send_nothing()
    {
        Sim.AddUser("a@example.com");
        var file = Path.Combine(TempDir, "a.jpg");
        File.WriteAllBytes(file, Jpeg(1200));
        var state = Path.Combine(TempDir, "pictures.state");
        var csv = WriteCsv("pictures.csv", ["Email", "PhotoPath"], ["a@example.com", file], ["b@example.com", Path.Combine(TempDir, "missing.jpg")]);
        Ps.Connect(Sim);
        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -NoClobber -StatePath $args[1]", csv, state);
        Assert.NotNull(Sim.Users["a@example.com"].Picture);
        Sim.ClearRequests();

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPicture -NoClobber -StatePath $args[1]", csv, state);

        Assert.Equal("Skipped", Assert.Single(r.Results, x => x.Str("UserId") == "a@example.com").Str("Status"));
        Assert.Equal("PictureNotFound", Assert.Single(r.Results, x => x.Str("UserId") == "b@example.com").Str("ErrorId"));
        Assert.Equal(0, Sim.ApiRequestCount);
    }
}
