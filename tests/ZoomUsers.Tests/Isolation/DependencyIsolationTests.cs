using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Pictures;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Isolation;

/// <summary>
/// The module's dependencies load into its own load context, so other modules' versions of the same
/// libraries (Az, Graph and Exchange ship Microsoft.Extensions.*) change nothing for it, and its
/// versions change nothing for them. Each scenario runs in a fresh process that, like pwsh, hosts
/// PowerShell and nothing else.
/// </summary>
public sealed class DependencyIsolationTests : IAsyncLifetime
{
    private ZoomSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await ZoomSimulator.StartAsync();
    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public void Older_copies_loaded_first_do_not_stop_the_module_from_using_its_own()
    {
        var facts = RunHost("conflicts-first");

        Assert.Equal("6.0.0.0", facts["other-di"].Single());
        Assert.Equal("Succeeded", facts["upload-1"].Single());
        var loaded = facts["loaded"];
        // Both versions live side by side: the other module's in the default context, ours in the module's.
        Assert.Contains(loaded, l => l.StartsWith("Microsoft.Extensions.DependencyInjection.Abstractions|6.0.0.0|DefaultAssemblyLoadContext|", StringComparison.Ordinal));
        Assert.Contains(loaded, l => l.StartsWith("Microsoft.Extensions.DependencyInjection.Abstractions|8.0.0.0|DependencyLoadContext|", StringComparison.Ordinal));
        // Polly keeps assembly version 8.0.0.0 across 8.x: the file versions tell the two copies apart.
        Assert.StartsWith("8.5.", facts["other-polly"].Single());
        Assert.Contains(loaded, l => l.StartsWith("Polly.Core|8.0.0.0|DefaultAssemblyLoadContext|8.5.", StringComparison.Ordinal));
        Assert.Contains(loaded, l => l.StartsWith("Polly.Core|8.0.0.0|DependencyLoadContext|8.6.", StringComparison.Ordinal));
        Assert.Contains(loaded, l => l.StartsWith("ZoomUsers.Engine|", StringComparison.Ordinal) && l.Contains("|DependencyLoadContext|"));
    }

    [Fact]
    public void The_module_loaded_first_leaves_the_default_context_free_for_other_versions()
    {
        var facts = RunHost("module-first");

        Assert.Equal("Succeeded", facts["upload-1"].Single());
        // Would fail with "assembly with same name is already loaded" had the module put its copies in the default context.
        Assert.Equal("6.0.0.0", facts["other-di"].Single());
        Assert.Equal("Succeeded", facts["upload-2"].Single());
        Assert.DoesNotContain(facts["loaded"], l => l.StartsWith("Microsoft.Extensions.DependencyInjection.Abstractions|8.0.0.0|DefaultAssemblyLoadContext", StringComparison.Ordinal));
        Assert.Contains(facts["loaded"], l => l.StartsWith("Microsoft.Extensions.DependencyInjection.Abstractions|6.0.0.0|DefaultAssemblyLoadContext|", StringComparison.Ordinal));
    }

    [Fact]
    public void SkiaSharp_loads_only_for_Fit_in_the_modules_context_with_the_native_library_from_dependencies()
    {
        var facts = RunHost("fit");

        Assert.Equal("Succeeded", facts["upload-1"].Single());
        Assert.Equal("0", facts["skia-before"].Single());
        Assert.Equal("Succeeded", facts["fit"].Single());
        var skia = facts["skia"].Single();
        Assert.StartsWith("DependencyLoadContext|", skia);
        var dependencies = Path.Combine(RepoPaths.ModuleFolder, "dependencies");
        Assert.Equal(Path.Combine(dependencies, "SkiaSharp.dll"), skia[(skia.IndexOf('|') + 1)..]);
        if (OperatingSystem.IsLinux())
            Assert.Equal(Path.Combine(dependencies, "native", "linux-x64", "libSkiaSharp.so"), facts["native"].Single());
    }

    /// <summary>
    /// The module folder without dependencies/native/ (a platform the module ships no library for):
    /// -Fit still uploads what needs no preparing, byte for byte and without loading native code, and
    /// fails the rest with PictureFitUnavailable, naming the platform and the file it looked for.
    /// </summary>
    [Fact]
    public void Without_the_native_library_Fit_uploads_what_needs_no_preparing_and_fails_the_rest_naming_platform_and_file()
    {
        var copy = Directory.CreateTempSubdirectory("zoomusers-no-native").FullName;
        try
        {
            var module = Path.Combine(copy, "ZoomUsers");
            foreach (var file in Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepoPaths.ModuleFolder, file);
                if (relative.StartsWith(Path.Combine("dependencies", "native"), StringComparison.Ordinal)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(module, relative))!);
                File.Copy(file, Path.Combine(module, relative));
            }
            using var halves = TestPictures.Halves(60, 40);
            var ok = Path.Combine(copy, "ok.jpg");
            File.WriteAllBytes(ok, TestPictures.JpegOf(halves));
            var gif = Path.Combine(copy, "old.gif");
            File.WriteAllBytes(gif, TestPictures.Gif(halves));
            var csv = Path.Combine(copy, "pictures.csv");
            File.WriteAllLines(csv, new[] { "UserId,Path", $"ok@example.com,{ok}", $"gif@example.com,{gif}" });

            var (_, stdout, stderr) = IsolationHostProcess.RunModule(Path.Combine(module, "ZoomUsers.psd1"), "fit-without-native", _sim.TokenUri, _sim.ApiBaseUri,
                ("ZOOMUSERS_TEST_PICTURES", csv));
            var facts = Facts(stdout);

            Assert.True(facts.ContainsKey("row"), stdout + stderr);
            var rows = facts["row"].ToDictionary(r => r[..r.IndexOf('|')], r => r.Split('|', 4));
            Assert.Equal("Succeeded", rows["ok@example.com"][1]);
            Assert.Equal(File.ReadAllBytes(ok), _sim.Users["ok@example.com"].Picture);
            Assert.Equal(new[] { "Failed", "PictureFitUnavailable" }, rows["gif@example.com"][1..3]);
            var platform = (OperatingSystem.IsWindows() ? "win-" : OperatingSystem.IsMacOS() ? "osx-" : "linux-") +
                           System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            Assert.Contains($"-Fit cannot prepare pictures on {platform} ", rows["gif@example.com"][3]);
            if (OperatingSystem.IsLinux())
            {
                Assert.Contains($"'{Path.Combine(module, "dependencies", "native", "linux-x64", "libSkiaSharp.so")}' is missing", rows["gif@example.com"][3]);
                Assert.Equal("0", facts["native-mapped"].Single());
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static Dictionary<string, List<string>> Facts(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('='))
            .GroupBy(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..])
            .ToDictionary(g => g.Key, g => g.ToList());

    private Dictionary<string, List<string>> RunHost(string scenario) =>
        IsolationHostProcess.Run(scenario, _sim.TokenUri, _sim.ApiBaseUri)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('='))
            .GroupBy(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..])
            .ToDictionary(g => g.Key, g => g.ToList());
}
