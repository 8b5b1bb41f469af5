using System.Management.Automation;
using System.Text.RegularExpressions;
using ZoomUsers.Tests.Docs;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// Get-Help on the imported module. Without en-US/ZoomUsers.dll-Help.xml (build.ps1 -Task Docs makes
/// it with PlatyPS) PowerShell shows the syntax alone; with it, the synopsis and examples of docs/.
/// </summary>
public sealed class HelpTests : IClassFixture<ModuleMetadata>
{
    private static readonly string Maml = Path.Combine(RepoPaths.ModuleFolder, "en-US", "ZoomUsers.dll-Help.xml");
    private readonly ModuleMetadata _module;

    public HelpTests(ModuleMetadata module) => _module = module;

    public static TheoryData<string> Cmdlets() => new() { "Connect-Zoom", "Disconnect-Zoom", "Get-ZoomConnection", "Set-ZoomUserPassword", "Set-ZoomUserPicture" };

    [Fact]
    public void The_help_cases_cover_every_cmdlet()
    {
        var cases = ((IEnumerable<object[]>)Cmdlets()).Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(_module.Cmdlets.Keys.Order(StringComparer.Ordinal), cases);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_describes_the_cmdlet(string name)
    {
        var r = _module.Session.Run("Get-Help -Name $args[0] -Full", name);

        r.ThrowIfFailed();
        var help = Assert.Single(r.Output);
        Assert.Equal(name, help.Str("Name"));
        Assert.Equal("Cmdlet", help.Str("Category"));
        var synopsis = Regex.Replace(help.Str("Synopsis") ?? "", @"\s+", " ").Trim();
        Assert.NotEmpty(synopsis);

        if (File.Exists(Maml))
        {
            var doc = CmdletDoc.Load(Path.Combine(RepoPaths.Root, "docs", name + ".md"));
            Assert.Equal(Regex.Replace(doc.Synopsis, @"\s+", " "), synopsis);
            var examples = help.Properties["examples"]?.Value as PSObject;
            Assert.NotNull(examples);
        }
        else
        {
            // The fallback is the syntax: every mandatory parameter shows in it.
            foreach (var parameter in _module.Cmdlets[name].Sets.SelectMany(s => s.Parameters).Where(p => p.IsMandatory))
                Assert.Contains("-" + parameter.Name, synopsis);
            Assert.StartsWith(name, synopsis);
        }
    }
}
