using System.Reflection;

namespace ZoomUsers.NetFramework.Tests;

/// <summary>
/// Every assembly reference of every DLL that Windows PowerShell 5.1 loads from out/ZoomUsers is met on
/// .NET Framework 4.7.2: by the framework (4.7.2's reference assemblies, facades included), by a shipped
/// DLL of exactly that version, or by a newer shipped DLL that FrameworkResolver serves in its place.
/// That last kind is what a package bump changes silently, so each is listed here: a new one fails
/// until someone has looked (and a listed one that no longer happens fails too).
/// </summary>
public sealed class ClosureTests
{
    /// <summary>
    /// References that bind on 5.1 only because FrameworkResolver hands out our newer copy (the binding
    /// redirects a module cannot ship). One line each: referenced name, version asked for, version shipped.
    /// </summary>
    private static readonly NewerCopy[] ServedNewer =
    {
        // SkiaSharp 4.156.1 (-Fit) brings System.Memory 4.6.3 (assembly 4.0.2.0) and System.Buffers
        // 4.6.1 (4.0.2.0, what every reference asks for now); the 8.0 libraries still ask for 4.0.1.2.
        new("System.Memory", "4.0.1.2", "4.0.2.0"),
        new("System.Runtime.CompilerServices.Unsafe", "4.0.4.1", "6.0.0.0"),
        new("Microsoft.Bcl.AsyncInterfaces", "6.0.0.0", "8.0.0.0"),
        new("Microsoft.Bcl.TimeProvider", "8.0.0.0", "8.0.0.1"),
        new("System.ComponentModel.Annotations", "4.2.0.0", "4.2.1.0"),
    };

    /// <summary>Provided by the PowerShell that imports the module: 5.1's System.Management.Automation is 3.0.0.0.</summary>
    private static readonly Dictionary<string, Version> HostProvided = new(StringComparer.OrdinalIgnoreCase)
    {
        ["System.Management.Automation"] = new Version(3, 0, 0, 0),
    };

    /// <summary>
    /// Shipped, but never loaded by Windows PowerShell: PowerShell 7's load context, reached from one
    /// method of ZoomUsers.dll that only PowerShell 7 runs (it needs System.Runtime.Loader).
    /// </summary>
    private static readonly string[] PowerShell7Only = { "ZoomUsers.LoadContext" };

    [Fact]
    public void Every_reference_of_the_shipped_folder_is_met_on_NET_Framework_4_7_2()
    {
        var framework = FrameworkAssemblies();
        var shipped = Shipped().ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var served = new List<NewerCopy>();
        var unmet = new List<string>();

#pragma warning disable IDE0055 // Two loops stacked as one, over every reference of every shipped assembly.
        foreach (var dll in shipped.Values.Where(a => !PowerShell7Only.Contains(a.Name)))
        foreach (var reference in dll.References)
        {
            var name = reference.Name!;
            var asked = reference.Version ?? new Version(0, 0, 0, 0);
            // The framework unifies any older version of its own assemblies to the one it has.
            if (framework.TryGetValue(name, out var fx) && fx >= asked) continue;
            if (HostProvided.TryGetValue(name, out var host) && host >= asked) continue;
            if (shipped.TryGetValue(name, out var ours))
            {
                if (ours.Version == asked) continue;
                if (ours.Version > asked)
                {
                    served.Add(new NewerCopy(name, asked.ToString(), ours.Version.ToString()));
                    continue;
                }
            }
            unmet.Add($"{dll.Name} -> {name} {asked} (framework: {fx?.ToString() ?? "none"}, shipped: {(shipped.TryGetValue(name, out var s) ? s.Version : "none")})");
        }
#pragma warning restore IDE0055

        Assert.True(unmet.Count == 0, "not met on .NET Framework 4.7.2:\n" + string.Join("\n", unmet));
        var found = served.Distinct().OrderBy(n => n.ToString(), StringComparer.Ordinal).ToList();
        var listed = ServedNewer.OrderBy(n => n.ToString(), StringComparer.Ordinal).ToList();
        Assert.True(found.SequenceEqual(listed),
            "references met only by a newer shipped copy (FrameworkResolver serves it on 5.1) differ from ServedNewer:\n" +
            "found:  " + string.Join(", ", found) + "\nlisted: " + string.Join(", ", listed));
    }

    /// <summary>From TargetFrameworkAttribute, or for builds older than it, a netstandard 2.0.0.0 core library alone.</summary>
    [Fact]
    public void Every_shipped_DLL_is_a_netstandard2_0_or_NET_Framework_build()
    {
        var wrong = Shipped()
            .Where(a => !PowerShell7Only.Contains(a.Name))
            .Where(a => !(a.TargetFramework == ".NETStandard,Version=v2.0" || IsNetFrameworkUpTo472(a.TargetFramework)))
            .Select(a => $"{Path.GetFileName(a.Path)}: {a.TargetFramework ?? "no TargetFrameworkAttribute"}")
            .ToList();

        Assert.True(wrong.Count == 0, "not a netstandard2.0 or net4x (<= 4.7.2) build:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_entry_assembly_never_points_at_PowerShell_7s_load_context_types()
    {
        // GetTypes() over ZoomUsers.dll on 5.1 resolves every type's base type: none may live in an
        // assembly .NET Framework lacks. Referencing ZoomUsers.LoadContext is fine; System.Runtime.Loader is not.
        var entry = Shipped().Single(a => a.Name == "ZoomUsers");

        Assert.DoesNotContain(entry.References, r => r.Name == "System.Runtime.Loader");
        Assert.DoesNotContain(FrameworkAssemblies().Keys, n => n == "System.Runtime.Loader");
    }

    private static bool IsNetFrameworkUpTo472(string? target) =>
        target != null && target.StartsWith(".NETFramework,Version=v", StringComparison.Ordinal) &&
        Version.TryParse(target[".NETFramework,Version=v".Length..], out var v) && v <= new Version(4, 7, 2);

    private static IEnumerable<AssemblyFacts> Shipped()
    {
        var folder = Path.Combine(RepoRoot(), "out", "ZoomUsers");
        Assert.True(Directory.Exists(folder), "build the module first: " + folder);
        var dlls = Directory.GetFiles(folder, "*.dll", SearchOption.AllDirectories).Select(AssemblyFacts.Read).OfType<AssemblyFacts>().ToList();
        Assert.True(dlls.Count >= 15, $"only {dlls.Count} DLLs in {folder}");
        return dlls;
    }

    /// <summary>Name to version, from 4.7.2's reference assemblies and facades.</summary>
    private static Dictionary<string, Version> FrameworkAssemblies()
    {
        var root = typeof(ClosureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Net472ReferenceAssemblies").Value!;
        Assert.True(File.Exists(Path.Combine(root, "mscorlib.dll")), "reference assemblies not restored: " + root);
        var all = Directory.GetFiles(root, "*.dll").Concat(Directory.GetFiles(Path.Combine(root, "Facades"), "*.dll")).Select(AssemblyFacts.Read).OfType<AssemblyFacts>().ToList();
        Assert.Contains(all, a => a.Name == "netstandard");
        return all.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Max(a => a.Version)!, StringComparer.OrdinalIgnoreCase);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZoomUsers.sln"))) return dir.FullName;
        throw new InvalidOperationException("ZoomUsers.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record NewerCopy(string Name, string Requested, string Shipped)
    {
        public override string ToString() => $"{Name} {Requested} -> {Shipped}";
    }
}
