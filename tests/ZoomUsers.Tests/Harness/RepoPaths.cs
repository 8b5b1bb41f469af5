namespace ZoomUsers.Tests.Harness;

/// <summary>Where the repo and the built module folder are, found from the test binaries upward.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string ModuleFolder => Path.Combine(Root, "out", "ZoomUsers");
    public static string ModuleManifest => Path.Combine(ModuleFolder, "ZoomUsers.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZoomUsers.sln"))) return dir.FullName;
        throw new InvalidOperationException("ZoomUsers.sln not found above " + AppContext.BaseDirectory);
    }
}
