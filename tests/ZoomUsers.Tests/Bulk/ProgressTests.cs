using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>Write-Progress shows rows done, failed and the current rate, in interactive sessions only, and never under SilentlyContinue.</summary>
public sealed class ProgressTests : ModuleTest
{
    [Fact]
    public void A_non_interactive_host_gets_no_progress()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(20) + " | Set-ZoomUserPicture");

        r.ThrowIfFailed();
        Assert.Empty(r.Progress);
    }

    [Fact]
    public void An_interactive_host_sees_rows_done_failed_and_the_rate_then_completion()
    {
        Sim.MissingUsers.Add(BulkInput.UserId(3));
        Sim.MissingUsers.Add(BulkInput.UserId(7));

        var progress = RunInteractive(BulkInput.PictureRows(20) + " | Set-ZoomUserPicture -ErrorAction SilentlyContinue");

        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.Equal("Set-ZoomUserPicture", p.Activity));
        Assert.All(progress.SkipLast(1), p =>
        {
            Assert.Equal(ProgressRecordType.Processing, p.RecordType);
            Assert.Matches(@"^\d+ done, \d+ skipped, \d+ failed, [\d.]+ rows/s, \d+ in flight$", p.StatusDescription);
        });
        var last = progress.Last();
        Assert.Equal(ProgressRecordType.Completed, last.RecordType);
        Assert.StartsWith("20 done, 0 skipped, 2 failed, ", last.StatusDescription);
    }

    [Fact]
    public void Skipped_rows_of_a_sync_are_counted_as_done_and_as_skipped()
    {
        var state = Path.Combine(TempDir, "progress.state");
        var sync = BulkInput.PictureRows(20) + $" | Set-ZoomUserPicture -StatePath '{state}'";

        var progress = RunInteractive(sync + " | Out-Null; " + sync);

        Assert.StartsWith("20 done, 20 skipped, 0 failed, ", progress.Last().StatusDescription);
    }

    [Theory]
    [InlineData("$ProgressPreference = 'SilentlyContinue'; ", "")]
    [InlineData("", " -ProgressAction SilentlyContinue")]
    public void SilentlyContinue_turns_progress_off_in_an_interactive_host(string before, string parameter)
    {
        var progress = RunInteractive(before + BulkInput.PictureRows(20) + " | Set-ZoomUserPicture" + parameter);

        Assert.Empty(progress);
    }

    /// <summary>The module imported, connected and run in a runspace whose host has a RawUI, as a console has.</summary>
    private List<ProgressRecord> RunInteractive(string script)
    {
        using var runspace = RunspaceFactory.CreateRunspace(new RecordingHost(interactive: true), InitialSessionState.CreateDefault2());
        runspace.Open();
        runspace.SessionStateProxy.SetVariable("photo", Jpeg());
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(@"
            Import-Module -Name $args[0] -ErrorAction Stop
            $zsecret = ConvertTo-SecureString -String $args[3] -AsPlainText -Force
            $null = Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $zsecret -TokenUri $args[1] -ApiBaseUri $args[2] -RequestsPerSecond 1000
            " + script)
            .AddArgument(RepoPaths.ModuleManifest).AddArgument(Sim.TokenUri).AddArgument(Sim.ApiBaseUri).AddArgument(Sim.Options.ClientSecret);
        var output = ps.Invoke();
        Assert.False(ps.HadErrors && ps.Streams.Error.Any(e => e.FullyQualifiedErrorId.StartsWith("UserNotFound", StringComparison.Ordinal) == false),
            string.Join("; ", ps.Streams.Error));
        Assert.Equal(20, output.Count);
        return ps.Streams.Progress.ToList();
    }
}
