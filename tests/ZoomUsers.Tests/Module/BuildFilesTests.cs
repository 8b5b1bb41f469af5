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
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "out", ".git", "TestResults", "node_modules" };
    private static readonly string[] MSBuildExtensions = { ".csproj", ".props", ".targets", ".proj" };

    private static IEnumerable<string> MSBuildFiles()
    {
        var pending = new Stack<string>();
        pending.Push(RepoPaths.Root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.GetDirectories(dir))
                if (!SkippedFolders.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.GetFiles(dir))
                if (MSBuildExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)) yield return file;
        }
    }

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
