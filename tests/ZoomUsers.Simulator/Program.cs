using System.Runtime.InteropServices;
using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Standalone;
using ZoomUsers.Simulator.Tls;

// The simulator on its own, to try the module or rehearse a runbook without a Zoom account:
//   dotnet run --project tests/ZoomUsers.Simulator -- [options]      (--help lists them)
//   dotnet run --project tests/ZoomUsers.Simulator -- make-pictures <folder>   (sample pictures; build.ps1 -Task Try)
//   dotnet run --project tests/ZoomUsers.Simulator -- make-ca <folder>         (a CA for a trust store; .ci/add-test-ca.ps1)
// The tests use the same simulator as a library (ZoomSimulator.StartAsync); this entry point is theirs too.
if (args.Length > 0 && args[0] == "make-pictures")
    return SamplePictures.Run(args.Skip(1).ToList(), Console.Out, Console.Error);
if (args.Length > 0 && args[0] == "make-ca")
{
    if (args.Length != 2)
    {
        Console.Error.WriteLine("Usage: make-ca <folder>   (writes ca.pem, ca.cer and ca.pfx there)");
        return 2;
    }
    using var made = new ThrowawayCa();
    Console.WriteLine(made.WriteFiles(Path.GetFullPath(args[1])));
    return 0;
}

CommandLine line;
try
{
    line = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (line.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

// --tls: a throwaway CA whose root lives in a temporary folder for as long as the simulator runs.
var caFolder = Path.Combine(Path.GetTempPath(), "zoomusers-simulator-" + Guid.NewGuid().ToString("N")[..8]);
using var tls = !line.Tls ? null
    : line.TlsCertificate != null ? SimulatorTls.FromPfx(line.TlsCertificate, line.TlsCertificatePassword)
    : line.TlsCa != null ? SimulatorTls.IssuedByCaFile(line.TlsCa)
    : SimulatorTls.Throwaway(caFolder);
await using var simulator = await ZoomSimulator.StartAsync(line.Options, line.Port, tls);
foreach (var missing in line.MissingUsers)
    simulator.MissingUsers.Add(missing);
var o = simulator.Options;
Console.WriteLine($"Zoom simulator on {simulator.BaseUri} ({line.Describe()}). Ctrl+C stops it.");
if (tls?.TrustFile is { } trustFile)
{
    // Trust for one session, through the environment: nothing is installed, and validation stays on.
    Console.WriteLine($"Its certificate comes from a throwaway CA whose root is {trustFile} (deleted when the simulator stops).");
    Console.WriteLine("Trust it for one PowerShell session (.NET reads SSL_CERT_FILE when the process starts, so set it before pwsh, not inside):");
    Console.WriteLine($"  Linux:   SSL_CERT_FILE={trustFile} pwsh");
    Console.WriteLine("  Windows: .NET reads only the Windows certificate store; import the root into Cert:\\CurrentUser\\Root, and remove it afterwards.");
}
Console.WriteLine("Connect to it with (dummy credentials; any user ID or email is a user):");
Console.WriteLine();
Console.WriteLine($"Connect-Zoom -AccountId {o.AccountId} -ClientId {o.ClientId} -ClientSecret (ConvertTo-SecureString '{o.ClientSecret}' -AsPlainText -Force) -TokenUri {simulator.TokenUri} -ApiBaseUri {simulator.ApiBaseUri}");
Console.WriteLine();

var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine($"Stopped after {simulator.ApiRequestCount} API requests ({simulator.Count429} answered 429).");
if (Directory.Exists(caFolder)) Directory.Delete(caFolder, recursive: true);
return 0;
