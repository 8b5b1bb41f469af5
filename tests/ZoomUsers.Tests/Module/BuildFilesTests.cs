using System.Text.RegularExpressions;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// The build does not depend on how a machine is set up: NuGetPackageRoot is NUGET_PACKAGES as the
/// machine gives it, often without a trailing separator (a common CI setting), so a path appended to
/// it must go through EnsureTrailingSlash.
/// </summary>
public sealed class BuildFilesTests
{
    private static readonly string[] SkippedFolders = { "bin", "obj", "out", ".git", "TestResults", "node_modules" };

    private static IEnumerable<string> MSBuildFiles() =>
        new[] { "*.csproj", "*.proj", "*.props", "*.targets" }
            .SelectMany(pattern => Directory.EnumerateFiles(RepoPaths.Root, pattern, SearchOption.AllDirectories))
            .Where(file => !Path.GetRelativePath(RepoPaths.Root, file).Split('/', '\\').Any(part => SkippedFolders.Contains(part, StringComparer.OrdinalIgnoreCase)));

    [Fact]
    public void Paths_under_NuGetPackageRoot_do_not_assume_a_trailing_separator()
    {
        var files = MSBuildFiles().ToList();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match use in Regex.Matches(lines[i], @"\$\(NuGetPackageRoot\)"))
                    if (!lines[i][..use.Index].EndsWith("EnsureTrailingSlash('", StringComparison.Ordinal))
                        problems.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: {lines[i].Trim()}");
        }

        Assert.Contains(files, f => f.EndsWith("ZoomUsers.IsolationHost.csproj", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, "wrap $(NuGetPackageRoot) in $([MSBuild]::EnsureTrailingSlash('$(NuGetPackageRoot)')):\n" + string.Join("\n", problems));
    }
}
