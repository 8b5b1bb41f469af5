using System.Text.RegularExpressions;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>Remove-Module cleans up (IModuleAssemblyCleanup), and the module says who it is on the wire.</summary>
public sealed class ModuleLifecycleTests : ModuleTest
{
    [Fact]
    public void Remove_Module_closes_the_connection_and_a_re_import_in_the_same_session_works()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        Ps.Run("Set-ZoomUserPicture -UserId alice@example.com -ImageData $photo -Confirm:$false").ThrowIfFailed();

        Ps.Run("Remove-Module ZoomUsers -ErrorAction Stop").ThrowIfFailed();
        Assert.Empty(Ps.Run("Get-Module ZoomUsers").Output);
        Ps.Run("Import-Module -Name $args[0] -ErrorAction Stop", RepoPaths.ModuleManifest).ThrowIfFailed();

        // The connection went with the module: nothing to show, and nothing sent with the old token.
        var info = Ps.Run("Get-ZoomConnection");
        info.ThrowIfFailed();
        Assert.Empty(info.Output);

        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        var r = Ps.Run("Set-ZoomUserPicture -UserId bob@example.com -ImageData $photo -Confirm:$false");
        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        Assert.Equal(2, Sim.TokenRequestCount);
    }

    [Fact]
    public void Every_request_names_the_module_its_version_and_the_PowerShell_edition_in_its_User_Agent()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        Ps.Run("Set-ZoomUserPicture -UserId alice@example.com -ImageData $photo -Confirm:$false").ThrowIfFailed();

        var version = Ps.Run("(Get-Module ZoomUsers).Version.ToString(3)").Output.Single().ToString();
        var edition = Ps.Run("$PSVersionTable.PSEdition").Output.Single().ToString();
        var expected = new Regex("^ZoomUsers/" + Regex.Escape(version) + @" \(PowerShell " + edition + @" \d+\.\d+\.\d+.*\)$");
        Assert.Equal(2, Sim.Requests.Count); // the token request and the upload
        Assert.All(Sim.Requests, request =>
        {
            Assert.True(request.Headers.TryGetValue("User-Agent", out var agent), "no User-Agent header on " + request.Path);
            Assert.Matches(expected, agent);
        });
    }
}
