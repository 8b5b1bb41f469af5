namespace ZoomUsers.Bench;

/// <summary>The repository and the module folder the build assembled, found from the bench binaries upward.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string ModuleManifest => Path.Combine(Root, "out", "ZoomUsers", "ZoomUsers.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZoomUsers.sln"))) return dir.FullName;
        throw new InvalidOperationException("ZoomUsers.sln not found above " + AppContext.BaseDirectory);
    }
}
