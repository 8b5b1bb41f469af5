using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// The shipped manifest as PowerShell and the Gallery read it: valid, one version everywhere, and every
/// field the Gallery shows or filters on.
/// </summary>
public sealed class ManifestTests : IClassFixture<ModuleMetadata>
{
    private readonly ModuleMetadata _module;

    public ManifestTests(ModuleMetadata module) => _module = module;

    /// <summary>The data in out/ZoomUsers/ZoomUsers.psd1, read without running it.</summary>
    private static Hashtable Manifest()
    {
        var ast = Parser.ParseFile(RepoPaths.ModuleManifest, out _, out var errors);
        Assert.Empty(errors);
        var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst;
        Assert.NotNull(table);
        return (Hashtable)table!.SafeGetValue();
    }

    [Fact]
    public void Test_ModuleManifest_accepts_the_shipped_manifest()
    {
        var r = _module.Session.Run("Test-ModuleManifest -Path $args[0] -ErrorAction Continue", RepoPaths.ModuleManifest);

        r.ThrowIfFailed();
        var info = Assert.IsType<PSModuleInfo>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("ZoomUsers", info.Name);
        Assert.Equal(new Version((string)Manifest()["ModuleVersion"]!), info.Version);
    }

    [Fact]
    public void The_shipped_manifest_is_the_repository_manifest()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "ZoomUsers.psd1")), File.ReadAllText(RepoPaths.ModuleManifest));
    }

    [Fact]
    public void ModuleVersion_is_the_version_of_every_ZoomUsers_assembly()
    {
        var version = new Version((string)Manifest()["ModuleVersion"]!);
        Assert.Equal(3, version.ToString().Split('.').Length);

        foreach (var dll in new[] { Path.Combine(RepoPaths.ModuleFolder, "ZoomUsers.dll"), Path.Combine(RepoPaths.ModuleFolder, "dependencies", "ZoomUsers.Engine.dll") })
        {
            var assembly = BuiltAssembly.Read(dll);
            Assert.True(version.ToString() == assembly.Version.ToString(3), $"{Path.GetFileName(dll)} AssemblyVersion {assembly.Version} is not ModuleVersion {version}");
            Assert.NotNull(assembly.FileVersion);
            Assert.True(version.ToString() == new Version(assembly.FileVersion!).ToString(3), $"{Path.GetFileName(dll)} FileVersion {assembly.FileVersion} is not ModuleVersion {version}");
        }
    }

    [Fact]
    public void The_manifest_has_the_fields_the_Gallery_needs()
    {
        var m = Manifest();

        Assert.Equal("ZoomUsers.dll", m["RootModule"]);
        Assert.True(Guid.TryParse(m["GUID"] as string, out var guid) && guid != Guid.Empty, "GUID");
        foreach (var key in new[] { "Author", "CompanyName", "Copyright", "Description" })
            Assert.False(string.IsNullOrWhiteSpace(m[key] as string), key + " is empty");
        Assert.Equal("5.1", m["PowerShellVersion"]);
        Assert.Equal(new[] { "Core", "Desktop" }, Strings(m["CompatiblePSEditions"]).Order());
        Assert.Contains("ZoomUsers.format.ps1xml", Strings(m["FormatsToProcess"]));
        Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, "ZoomUsers.format.ps1xml")));
    }

    // Empty lists, not '*' or a missing key: PowerShell then needs not load the DLL to know what the
    // module exports, and the Gallery lists exactly these commands.
    [Fact]
    public void The_export_lists_are_explicit()
    {
        var m = Manifest();

        foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            Assert.True(m.ContainsKey(key), key + " is missing");
            Assert.Empty(Strings(m[key]));
        }
        Assert.DoesNotContain("*", Strings(m["CmdletsToExport"]));
    }

    [Fact]
    public void CmdletsToExport_lists_every_cmdlet_class_of_the_module()
    {
        var listed = Strings(Manifest()["CmdletsToExport"]).Order(StringComparer.Ordinal).ToList();
        var assembly = _module.Cmdlets.Values.First().Info.ImplementingType.Assembly;
        var classes = assembly.GetExportedTypes()
            .Select(t => t.GetCustomAttribute<CmdletAttribute>())
            .Where(a => a != null)
            .Select(a => a!.VerbName + "-" + a.NounName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(classes);
        Assert.Equal(classes, listed);
        Assert.Equal(classes, _module.Cmdlets.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PSData_has_tags_links_and_release_notes()
    {
        var psData = (Hashtable)((Hashtable)Manifest()["PrivateData"]!)["PSData"]!;
        var tags = Strings(psData["Tags"]).ToList();

        foreach (var tag in new[] { "Zoom", "PSEdition_Desktop", "PSEdition_Core", "Windows", "Linux", "MacOS" })
            Assert.Contains(tag, tags);
        Assert.All(tags, t => Assert.DoesNotContain(' ', t)); // the Gallery rejects tags with spaces
        foreach (var key in new[] { "ProjectUri", "LicenseUri" })
            Assert.True(Uri.TryCreate(psData[key] as string, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, key + " must be an https URI");
        Assert.False(string.IsNullOrWhiteSpace(psData["ReleaseNotes"] as string), "ReleaseNotes is empty");
    }

    // ReleaseNotes points at CHANGELOG.md: a version must not ship without its entry there.
    [Fact]
    public void CHANGELOG_has_an_entry_for_ModuleVersion()
    {
        var version = (string)Manifest()["ModuleVersion"]!;
        var changelog = File.ReadAllLines(Path.Combine(RepoPaths.Root, "CHANGELOG.md"));

        Assert.Contains(changelog, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^## \[{System.Text.RegularExpressions.Regex.Escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$"));
        Assert.Contains(changelog, l => l.StartsWith($"[{version}]: https://", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        null => Array.Empty<string>(),
        string s => new[] { s },
        IEnumerable e => e.Cast<object>().Select(o => o.ToString()!),
        _ => new[] { value.ToString()! },
    };
}
