using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ZoomUsers.NetFramework.Tests;

/// <summary>What one DLL's metadata says: its name and version, what it references, and what it was built for.</summary>
public sealed record AssemblyFacts(string Path, string Name, Version Version, IReadOnlyList<AssemblyName> References, string? TargetFramework)
{
    /// <returns>Null for a file that is not an assembly (a native library, a module).</returns>
    public static AssemblyFacts? Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        try
        {
            if (!pe.HasMetadata) return null; // a native library (issue 19's SkiaSharp ships some)
        }
        catch (BadImageFormatException)
        {
            return null; // not even a PE file
        }
        var md = pe.GetMetadataReader();
        if (!md.IsAssembly) return null;
        var definition = md.GetAssemblyDefinition();
        var references = md.AssemblyReferences.Select(h =>
        {
            var r = md.GetAssemblyReference(h);
            return new AssemblyName { Name = md.GetString(r.Name), Version = r.Version };
        }).ToList();
        return new AssemblyFacts(path, md.GetString(definition.Name), definition.Version, references, ReadTargetFramework(md, definition) ?? FromCoreLibrary(references));
    }

    /// <summary>
    /// Builds older than the attribute (System.Memory 4.5's and its kin) still say what they were built
    /// against through their core library: netstandard 2.0.0.0, or .NET Framework's mscorlib.
    /// </summary>
    private static string? FromCoreLibrary(IReadOnlyList<AssemblyName> references)
    {
        if (references.Any(r => r.Name == "netstandard" && r.Version == new Version(2, 0, 0, 0)) &&
            !references.Any(r => r.Name is "System.Runtime" or "System.Private.CoreLib" or "mscorlib"))
            return ".NETStandard,Version=v2.0";
        return null;
    }

    /// <summary>[assembly: TargetFramework(".NETStandard,Version=v2.0")], or null when the build did not say.</summary>
    private static string? ReadTargetFramework(MetadataReader md, AssemblyDefinition definition)
    {
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var constructor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = md.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (md.GetString(type.Name) != "TargetFrameworkAttribute") continue;
            var blob = md.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1) return null; // custom attribute prolog
            return blob.ReadSerializedString();
        }
        return null;
    }
}
