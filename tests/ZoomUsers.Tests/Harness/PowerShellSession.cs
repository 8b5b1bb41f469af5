using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ZoomUsers.Tests.Harness;

/// <summary>
/// A real PowerShell engine in this process, with the built module imported from out/ZoomUsers as a
/// user would import it. Each test gets its own runspace, hence its own Zoom connection.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(bool importModule = true)
    {
        Host = new RecordingHost();
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
        if (importModule)
        {
            Assert.True(File.Exists(RepoPaths.ModuleManifest), "Build the module first: " + RepoPaths.ModuleManifest);
            var import = Run("Import-Module -Name $args[0] -ErrorAction Stop", RepoPaths.ModuleManifest);
            import.ThrowIfFailed();
        }
    }

    public RecordingHost Host { get; }
    public Runspace Runspace => _runspace;

    /// <summary>Runs script; <paramref name="args"/> arrive as $args. Never throws for script errors: inspect the result.</summary>
    public PsResult Run(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        Collection<PSObject> output = new();
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        return new PsResult(output, ps.Streams, terminating, Host.Recorder);
    }

    /// <summary>Sets a variable in the session (how tests hand over byte arrays and typed objects).</summary>
    public void Set(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>
    /// <c>$name = ConvertTo-SecureString -String $text -AsPlainText -Force</c>, run in the session, as a
    /// user makes a SecureString.
    /// </summary>
    public void SetSecureString(string name, string text) =>
        Run("Set-Variable -Name $args[0] -Value (ConvertTo-SecureString -String $args[1] -AsPlainText -Force)", name, text).ThrowIfFailed();

    /// <summary><c>$name = [pscredential]::new($userName, (ConvertTo-SecureString ...))</c>, run in the session.</summary>
    public void SetCredential(string name, string userName, string password) =>
        Run("Set-Variable -Name $args[0] -Value ([pscredential]::new($args[1], (ConvertTo-SecureString -String $args[2] -AsPlainText -Force)))", name, userName, password).ThrowIfFailed();

    /// <summary>Starts script asynchronously, for Ctrl+C tests.</summary>
    public PowerShell Begin(string script, out IAsyncResult handle, PSDataCollection<PSObject> output)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        handle = ps.BeginInvoke<PSObject, PSObject>(null, output);
        return ps;
    }

    /// <summary>Connects to the simulator with its default account.</summary>
    public PsResult Connect(ZoomUsers.Simulator.ZoomSimulator sim, string extra = "")
    {
        SetSecureString("zsecret", sim.Options.ClientSecret);
        var r = Run($"Connect-Zoom -AccountId $args[0] -ClientId $args[1] -ClientSecret $zsecret -TokenUri $args[2] -ApiBaseUri $args[3] {extra}",
            sim.Options.AccountId, sim.Options.ClientId, sim.TokenUri, sim.ApiBaseUri);
        r.ThrowIfFailed();
        return r;
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed class PsResult
{
    public PsResult(Collection<PSObject> output, PSDataStreams streams, Exception? terminating, RecordingUI ui)
    {
        Output = output;
        Errors = streams.Error.ToList();
        Verbose = streams.Verbose.Select(v => v.Message).ToList();
        Debug = streams.Debug.Select(v => v.Message).ToList();
        Warnings = streams.Warning.Select(v => v.Message).ToList();
        Information = streams.Information.Select(v => v.ToString()).ToList();
        Progress = streams.Progress.ToList();
        Terminating = terminating;
        HostText = ui.AllText;
    }

    public Collection<PSObject> Output { get; }
    public List<ErrorRecord> Errors { get; }
    public List<string> Verbose { get; }
    public List<string> Debug { get; }
    public List<string> Warnings { get; }
    public List<string> Information { get; }
    public List<ProgressRecord> Progress { get; }
    public Exception? Terminating { get; }
    public string HostText { get; }

    /// <summary>Output objects that are the module's results.</summary>
    public List<PSObject> Results => Output.Where(o => o?.TypeNames.Contains("ZoomUsers.UserUpdateResult") == true).ToList();

    public void ThrowIfFailed()
    {
        if (Terminating != null) throw new Xunit.Sdk.XunitException("Script failed: " + Terminating);
        if (Errors.Count > 0) throw new Xunit.Sdk.XunitException("Script wrote errors: " + string.Join("; ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
    }

    /// <summary>Every piece of text the run produced, on every stream, for secret-leak checks.</summary>
    public string Everything()
    {
        var parts = new List<string> { HostText };
        parts.AddRange(Output.Select(o => o?.ToString() ?? ""));
        foreach (var o in Output.Where(o => o != null))
            parts.AddRange(o.Properties.Select(p => { try { return p.Name + "=" + p.Value; } catch { return p.Name; } }));
        foreach (var e in Errors)
        {
            parts.Add(e.ToString());
            parts.Add(e.FullyQualifiedErrorId);
            parts.Add(e.TargetObject?.ToString() ?? "");
            parts.Add(e.ErrorDetails?.Message ?? "");
            for (var ex = e.Exception; ex != null; ex = ex.InnerException) parts.Add(ex.ToString());
            if (e.TargetObject is PSObject t) parts.AddRange(t.Properties.Select(p => p.Name + "=" + p.Value));
            else if (e.TargetObject != null) parts.AddRange(PSObject.AsPSObject(e.TargetObject).Properties.Select(p => { try { return p.Name + "=" + p.Value; } catch { return p.Name; } }));
        }
        parts.AddRange(Verbose);
        parts.AddRange(Debug);
        parts.AddRange(Warnings);
        parts.AddRange(Information);
        parts.AddRange(Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation));
        if (Terminating != null) parts.Add(Terminating.ToString());
        return string.Join("\n", parts);
    }
}

public static class PsObjectExtensions
{
    public static T? Prop<T>(this PSObject o, string name)
    {
        var v = o.Properties[name]?.Value;
        if (v is PSObject p) v = p.BaseObject;
        return v is null ? default : (T)LanguagePrimitives.ConvertTo(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? Str(this PSObject o, string name) => o.Properties[name]?.Value?.ToString();
}
