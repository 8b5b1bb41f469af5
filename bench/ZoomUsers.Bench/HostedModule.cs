using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>A fresh runspace with the built module imported and connected to the simulator: one user's session.</summary>
internal sealed class HostedModule : IDisposable
{
    private readonly Runspace _runspace;

    /// <param name="requestsPerSecond">null: Connect-Zoom with defaults (adaptive pacing).</param>
    /// <param name="connectExtra">More Connect-Zoom parameters, as typed (<c>-TimeoutSec 3</c>).</param>
    public HostedModule(ZoomSimulator sim, double? requestsPerSecond, string connectExtra = "")
        : this(sim.TokenUri, sim.ApiBaseUri, sim.Options.AccountId, sim.Options.ClientId, sim.Options.ClientSecret, requestsPerSecond, connectExtra)
    {
    }

    /// <summary>Connected to a simulator running in another process (the bench's own, for a child that measures its memory alone).</summary>
    public HostedModule(Uri tokenUri, Uri apiBaseUri, string accountId, string clientId, string clientSecret, double? requestsPerSecond, string connectExtra = "")
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        var secret = new SecureString();
        foreach (var c in clientSecret) secret.AppendChar(c);
        secret.MakeReadOnly();
        _runspace.SessionStateProxy.SetVariable("zsecret", secret);
        Run($@"
            Import-Module -Name $args[0] -ErrorAction Stop
            $null = Connect-Zoom -AccountId $args[1] -ClientId $args[2] -ClientSecret $zsecret -TokenUri $args[3] -ApiBaseUri $args[4] {(requestsPerSecond is double r ? "-RequestsPerSecond " + r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")} {connectExtra} -ErrorAction Stop",
            RepoPaths.ModuleManifest, accountId, clientId, tokenUri, apiBaseUri);
    }

    public void Set(string name, object value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Runs script; any error is a bench failure, not a figure.</summary>
    public List<PSObject> Run(string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        var output = ps.Invoke().ToList();
        if (ps.Streams.Error.Count > 0)
            throw new InvalidOperationException("The bench script wrote errors: " + string.Join("; ", ps.Streams.Error.Take(3)));
        return output;
    }

    public void Dispose() => _runspace.Dispose();
}
