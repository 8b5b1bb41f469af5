using System.Xml.Linq;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// out/ZoomUsers is what the Gallery package holds, file for file. Nothing may ride along that the
/// host provides (PowerShell's own assemblies), that only tests need, or that no code references.
/// </summary>
public sealed class ShippedFilesTests
{
    private static readonly string[] RootFiles = { "LICENSE", "ZoomUsers.LoadContext.dll", "ZoomUsers.LoadContext.pdb", "ZoomUsers.dll", "ZoomUsers.format.ps1xml", "ZoomUsers.pdb", "ZoomUsers.psd1" };

    /// <summary>The help every build ships: PlatyPS's New-ExternalHelp output, or the help builder's from the same docs/.</summary>
    private static readonly string[] HelpFiles = { "ZoomUsers.dll-Help.xml", "about_ZoomUsers.help.txt" };

    /// <summary>
    /// DLLs allowed to ship though no shipped assembly references them: none. (Package dependency
    /// lists name more than the assemblies load: Microsoft.Extensions.Configuration.Abstractions,
    /// which Microsoft.Extensions.Http's package lists but its assembly never references, was dropped.)
    /// </summary>
    private static readonly string[] KnownUnreferenced = Array.Empty<string>();

    private static string Dependencies => Path.Combine(RepoPaths.ModuleFolder, "dependencies");

    [Fact]
    public void The_module_root_holds_exactly_the_module_files()
    {
        var files = Directory.GetFiles(RepoPaths.ModuleFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var folders = Directory.GetDirectories(RepoPaths.ModuleFolder).Select(Path.GetFileName).ToList();

        Assert.Equal(RootFiles, files);
        Assert.Equal(new[] { "dependencies", "en-US" }, folders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_help_folder_holds_exactly_the_help()
    {
        var help = Path.Combine(RepoPaths.ModuleFolder, "en-US");

        Assert.Equal(HelpFiles.Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(help).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_license_ships_with_the_module()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")), File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "LICENSE")));
    }

    [Fact]
    public void Dependencies_are_exactly_the_files_Module_targets_lists()
    {
        var targets = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "ZoomUsers", "Module.targets"));
        var listed = targets.Descendants().Where(e => e.Name.LocalName == "ModuleDependency")
            .SelectMany(e => ((string?)e.Attribute("Include") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Order(StringComparer.Ordinal).ToList();
        var shipped = Directory.GetFiles(Dependencies).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(listed);
        Assert.Equal(listed, shipped);
        Assert.Equal(new[] { "native" }, Directory.GetDirectories(Dependencies).Select(Path.GetFileName));
    }

    /// <summary>SkiaSharp's native library (-Fit), one per platform shipped, where the load context and the 5.1 loader look.</summary>
    [Fact]
    public void Native_libraries_are_exactly_the_ones_Module_targets_lists_one_per_platform()
    {
        var targets = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "ZoomUsers", "Module.targets"));
        var listed = targets.Descendants().Where(e => e.Name.LocalName == "ModuleNativeDependency")
            .Select(e => (string)e.Attribute("Platform")! + "/" + Path.GetFileName((string)e.Attribute("Include")!))
            .Order(StringComparer.Ordinal).ToList();
        var native = Path.Combine(Dependencies, "native");
        var shipped = Directory.GetFiles(native, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(native, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { "linux-arm64/libSkiaSharp.so", "linux-x64/libSkiaSharp.so", "osx/libSkiaSharp.dylib", "win-arm64/libSkiaSharp.dll", "win-x64/libSkiaSharp.dll" }, listed);
        Assert.Equal(listed, shipped);
    }

    [Fact]
    public void Nothing_ships_that_the_host_or_the_tests_provide()
    {
        string[] forbidden = { "System.Management.Automation", "PowerShellStandard", "Microsoft.PowerShell.", "Microsoft.Management.Infrastructure", "xunit", "Microsoft.TestPlatform", "testhost", "ZoomUsers.Tests", "ZoomUsers.Simulator", "ZoomUsers.HelpBuilder", "Microsoft.AspNetCore", "Microsoft.ApplicationInsights", "Newtonsoft.Json", "Markdig" };
        string[] allowedExtensions = { ".dll", ".pdb", ".psd1", ".ps1xml", ".xml", ".txt", "", ".so", ".dylib" };

        var all = Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(RepoPaths.ModuleFolder, f)).ToList();

        Assert.All(all, f => Assert.DoesNotContain(forbidden, x => Path.GetFileName(f).StartsWith(x, StringComparison.OrdinalIgnoreCase)));
        Assert.All(all, f => Assert.Contains(Path.GetExtension(f), allowedExtensions));
        Assert.DoesNotContain(all, f => f.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_pdb_ships_with_its_dll()
    {
        var all = Directory.GetFiles(RepoPaths.ModuleFolder, "*.pdb", SearchOption.AllDirectories);

        Assert.NotEmpty(all);
        Assert.All(all, pdb => Assert.True(File.Exists(Path.ChangeExtension(pdb, ".dll")), pdb + " has no DLL"));
    }

    /// <summary>Every DLL is referenced, directly or through another shipped DLL, from ZoomUsers.dll: dead weight fails here.</summary>
    [Fact]
    public void Every_shipped_dll_is_reachable_from_the_module()
    {
        var shipped = Directory.GetFiles(Dependencies, "*.dll")
            .Where(BuiltAssembly.IsManaged)
            .Select(BuiltAssembly.Read)
            .ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<BuiltAssembly>();
        pending.Enqueue(BuiltAssembly.Read(Path.Combine(RepoPaths.ModuleFolder, "ZoomUsers.dll")));
        while (pending.Count > 0)
            foreach (var reference in pending.Dequeue().References)
                if (shipped.TryGetValue(reference, out var next) && reached.Add(reference))
                    pending.Enqueue(next);

        Assert.Contains("ZoomUsers.Engine", reached);
        var unreferenced = shipped.Keys.Where(n => !reached.Contains(n) && !KnownUnreferenced.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(unreferenced.Count == 0, "Shipped but referenced by nothing: " + string.Join(", ", unreferenced));
    }
}
