using System.Runtime.InteropServices;
using System.Xml.Linq;
using ZoomUsers.Fitting.Skia;

namespace ZoomUsers.Engine.Tests;

/// <summary>The one platform table and the files Module.targets ships agree, both ways.</summary>
public sealed class NativePlatformTests
{
    [Fact]
    public void Every_folder_the_table_names_is_shipped_and_every_shipped_folder_is_in_the_table()
    {
        var targets = XDocument.Load(Path.Combine(RepoRoot(), "src", "ZoomUsers", "Module.targets"));
        var shipped = targets.Descendants().Where(e => e.Name.LocalName == "ModuleNativeDependency")
            .Select(e => (string)e.Attribute("Platform")!).Order(StringComparer.Ordinal).ToList();
        var table = (from os in new[] { "win", "linux", "osx" }
                     from arch in Enum.GetValues<Architecture>()
                     select NativePlatform.FolderFor(os, arch)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(shipped, table);
        Assert.Equal(new[] { "linux-arm64", "linux-x64", "osx", "win-arm64", "win-x64" }, table);
        Assert.Null(NativePlatform.FolderFor("win", Architecture.X86));
        Assert.Null(NativePlatform.FolderFor("linux", Architecture.Arm));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZoomUsers.sln"))) return dir.FullName;
        throw new InvalidOperationException("ZoomUsers.sln not found above " + AppContext.BaseDirectory);
    }
}
