using System.Management.Automation;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// What the built module tells PowerShell about itself, read once per test class from a runspace that
/// imported out/ZoomUsers: the docs and the manifest are checked against this, never against the source.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    public ModuleMetadata()
    {
        Session = new PowerShellSession();
        // Parameter sets are read inside the runspace: CmdletInfo resolves them against its engine.
        var r = Session.Run(@"
            Get-Command -Module ZoomUsers | ForEach-Object {
                [pscustomobject]@{ Info = $_; Sets = @($_.ParameterSets) }
            }");
        r.ThrowIfFailed();
        Cmdlets = r.Output
            .Select(o => new CmdletMetadata(
                (CmdletInfo)Unwrap(o.Properties["Info"].Value)!,
                ((IEnumerable<object>)Unwrap(o.Properties["Sets"].Value)!)
                    .Select(s => (CommandParameterSetInfo)Unwrap(s)!).ToList()))
            .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    public PowerShellSession Session { get; }

    private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

    /// <summary>Every command Get-Command -Module ZoomUsers finds, by name.</summary>
    public IReadOnlyDictionary<string, CmdletMetadata> Cmdlets { get; }

    public void Dispose() => Session.Dispose();
}

public sealed class CmdletMetadata
{
    /// <summary>Common parameters are PowerShell's, documented once under CommonParameters; WhatIf and Confirm are the cmdlet's.</summary>
    private static readonly HashSet<string> Common = new(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);

    public CmdletMetadata(CmdletInfo info, IReadOnlyList<CommandParameterSetInfo> sets)
    {
        Info = info;
        Sets = sets;
    }

    public CmdletInfo Info { get; }
    public string Name => Info.Name;
    public IReadOnlyList<CommandParameterSetInfo> Sets { get; }

    public static bool IsCommon(string parameterName) => Common.Contains(parameterName);

    /// <summary>
    /// Not on a help page: PowerShell's common parameters, and DontShow ones (a test-only knob such as
    /// Connect-Zoom -RetryBaseDelayMs), which build.ps1 leaves out with PlatyPS's -ExcludeDontShow.
    /// </summary>
    public static bool IsUndocumented(CommandParameterInfo parameter) =>
        IsCommon(parameter.Name) || parameter.Attributes.OfType<ParameterAttribute>().Any(a => a.DontShow);

    /// <summary>The cmdlet's own parameters (WhatIf and Confirm included), each with the sets it is in.</summary>
    public IReadOnlyDictionary<string, List<(CommandParameterSetInfo Set, CommandParameterInfo Parameter)>> Parameters =>
        Sets.SelectMany(s => s.Parameters.Where(p => !IsUndocumented(p)).Select(p => (Set: s, Parameter: p)))
            .GroupBy(x => x.Parameter.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
}
