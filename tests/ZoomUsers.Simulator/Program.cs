using System.Runtime.InteropServices;
using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Standalone;

// The simulator on its own, to try the module or rehearse a runbook without a Zoom account:
//   dotnet run --project tests/ZoomUsers.Simulator -- [options]      (--help lists them)
//   dotnet run --project tests/ZoomUsers.Simulator -- make-pictures <folder>   (sample pictures; build.ps1 -Task Try)
// The tests use the same simulator as a library (ZoomSimulator.StartAsync); this entry point is theirs too.
if (args.Length > 0 && args[0] == "make-pictures")
    return SamplePictures.Run(args.Skip(1).ToList(), Console.Out, Console.Error);

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

await using var simulator = await ZoomSimulator.StartAsync(line.Options, line.Port);
foreach (var missing in line.MissingUsers)
    simulator.MissingUsers.Add(missing);
var o = simulator.Options;
Console.WriteLine($"Zoom simulator on {simulator.BaseUri} ({line.Describe()}). Ctrl+C stops it.");
Console.WriteLine("Connect to it with (dummy credentials; any user ID or email is a user):");
Console.WriteLine();
Console.WriteLine($"Connect-Zoom -AccountId {o.AccountId} -ClientId {o.ClientId} -ClientSecret (ConvertTo-SecureString '{o.ClientSecret}' -AsPlainText -Force) -TokenUri {simulator.TokenUri} -ApiBaseUri {simulator.ApiBaseUri}");
Console.WriteLine();

var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine($"Stopped after {simulator.ApiRequestCount} API requests ({simulator.Count429} answered 429).");
return 0;
