using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// Reads a built DLL's metadata without loading it: the module's assemblies belong to the module's own
/// load context, and loading a second copy into the test's would test something else.
/// </summary>
public sealed class BuiltAssembly
{
    private BuiltAssembly(string path, string name, Version version, string? fileVersion, List<string> references, Dictionary<string, Dictionary<string, string>> stringConstants)
    {
        Path = path;
        Name = name;
        Version = version;
        FileVersion = fileVersion;
        References = references;
        StringConstants = stringConstants;
    }

    public string Path { get; }
    public string Name { get; }
    public Version Version { get; }
    public string? FileVersion { get; }

    /// <summary>The simple names of the assemblies this one references.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Type full name -> const string field name -> value.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> StringConstants { get; }

    public static BuiltAssembly Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var definition = md.GetAssemblyDefinition();

        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();

        string? fileVersion = null;
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (AttributeTypeName(md, attribute) != "System.Reflection.AssemblyFileVersionAttribute") continue;
            var blob = md.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            fileVersion = blob.ReadSerializedString();
        }

        var constants = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var fullName = md.GetString(type.Namespace) + "." + md.GetString(type.Name);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var constantHandle = field.GetDefaultValue();
                if (constantHandle.IsNil) continue;
                var constant = md.GetConstant(constantHandle);
                if (constant.TypeCode != ConstantTypeCode.String) continue;
                var value = md.GetBlobReader(constant.Value).ReadUTF16(md.GetBlobReader(constant.Value).Length);
                if (!constants.TryGetValue(fullName, out var fields)) constants[fullName] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
                fields[md.GetString(field.Name)] = value;
            }
        }

        return new BuiltAssembly(path, md.GetString(definition.Name), definition.Version, fileVersion, references, constants);
    }

    private static string AttributeTypeName(MetadataReader md, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)type).Namespace) + "." + md.GetString(md.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)type).Namespace) + "." + md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => "",
        };
    }

    /// <summary>Whether the file is a .NET assembly at all (native DLLs have no metadata).</summary>
    public static bool IsManaged(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.HasMetadata;
    }
}
