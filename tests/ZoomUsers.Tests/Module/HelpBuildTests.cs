using System.Diagnostics;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// Which help the build ships (src/ZoomUsers/Module.targets): PlatyPS's only while it is newer than
/// every docs page, and the generated help follows an added or deleted page. Runs the module's own
/// AssembleModule target, with the repo root and the help folders pointed at a copy in a temp folder,
/// so the module the other tests load is not touched.
/// </summary>
public sealed class HelpBuildTests : IDisposable
{
    private const string Marker = "STALE-PLATYPS-OUTPUT";
    // Every file time the build compares is set here: File.Copy keeps the checkout's times, so a test that
    // assumed "copied just now" failed in any checkout older than its offset.
    private static readonly DateTime DocsWrittenUtc = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "zoomusers-helpbuild", Guid.NewGuid().ToString("N"));

    public HelpBuildTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "docs"));
        foreach (var page in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md"))
        {
            var copy = Path.Combine(_root, "docs", Path.GetFileName(page));
            File.Copy(page, copy);
            File.SetLastWriteTimeUtc(copy, DocsWrittenUtc);
        }
        foreach (var file in new[] { "ZoomUsers.psd1", "LICENSE" })
            File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(_root, file));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string PlatyPSDir => Path.Combine(_root, "out", "help", "en-US");
    private string ShippedHelp => File.ReadAllText(Path.Combine(_root, "out", "ZoomUsers", "en-US", "ZoomUsers.dll-Help.xml"));

    private void WritePlatyPSOutput(DateTime writtenUtc)
    {
        Directory.CreateDirectory(PlatyPSDir);
        foreach (var (name, text) in new[] { ("ZoomUsers.dll-Help.xml", $"<helpItems schema=\"maml\"><!-- {Marker} --></helpItems>"), ("about_ZoomUsers.help.txt", Marker) })
        {
            var path = Path.Combine(PlatyPSDir, name);
            File.WriteAllText(path, text);
            File.SetLastWriteTimeUtc(path, writtenUtc);
        }
    }

    private void AssembleModule()
    {
        // The configuration these tests were built in is the one whose ZoomUsers.dll exists.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var gen = Path.Combine(_root, "gen");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "msbuild", Path.Combine(RepoPaths.Root, "src", "ZoomUsers", "ZoomUsers.csproj"), "-t:AssembleModule", "-nologo", "-nodeReuse:false", "-v:m",
                     $"-p:Configuration={configuration}", $"-p:RepoRoot={_root}/", $"-p:GeneratedHelpDir={gen}/en-US/", $"-p:HelpPageListFile={gen}/docs-pages.txt",
                 })
            start.ArgumentList.Add(arg);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"AssembleModule failed ({p.ExitCode}):\n{stdout}\n{stderr.Result}");
    }

    [Fact]
    public void PlatyPS_output_older_than_a_docs_page_never_wins_and_is_shipped_while_it_is_newer()
    {
        WritePlatyPSOutput(DocsWrittenUtc.AddHours(-1));
        AssembleModule();
        Assert.DoesNotContain(Marker, ShippedHelp);
        Assert.Contains("Set-ZoomUserPicture", ShippedHelp);

        WritePlatyPSOutput(DocsWrittenUtc.AddMinutes(1));
        AssembleModule();
        Assert.Contains(Marker, ShippedHelp);
    }

    [Fact]
    public void The_generated_help_follows_a_deleted_docs_page()
    {
        AssembleModule();
        Assert.Contains("<command:name>Disconnect-Zoom</command:name>", ShippedHelp);

        File.Delete(Path.Combine(_root, "docs", "Disconnect-Zoom.md"));
        AssembleModule();

        Assert.DoesNotContain("<command:name>Disconnect-Zoom</command:name>", ShippedHelp);
        Assert.Contains("<command:name>Connect-Zoom</command:name>", ShippedHelp);
    }
}
