using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: ZoomUsers.IsolationHost <conflicts-first|module-first|plain|default-proxy|fit|fit-without-native|picture-memory> <module.psd1> <tokenUri> <apiBaseUri>
// "plain" imports, connects and uploads once: with HTTP(S)_PROXY / NO_PROXY set on this process it
// shows what the runtime's default proxy does, which a long-lived test process cannot re-read.
// "default-proxy" first sets [System.Net.Http.HttpClient]::DefaultProxy to ZOOMUSERS_TEST_PROXY with
// the credential ZOOMUSERS_TEST_PROXY_USER / ZOOMUSERS_TEST_PROXY_PASSWORD (as Az users are told to),
// a process-wide change no shared test process may make.
// Prints one "key=value" line per fact; exits 0 when the script ran without errors.
var (scenario, manifest, tokenUri, apiBase) = (args[0], args[1], args[2], args[3]);
var conflicts = Path.Combine(AppContext.BaseDirectory, "conflicts");

const string LoadConflicts = @"
    $di = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($conflicts, 'Microsoft.Extensions.DependencyInjection.Abstractions.dll'))
    $polly = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($conflicts, 'Polly.Core.dll'))
    ""other-di=$($di.GetName().Version)""
    ""other-polly=$([System.Diagnostics.FileVersionInfo]::GetVersionInfo($polly.Location).FileVersion)""";
const string UsePicture = @"
    $secret = ConvertTo-SecureString -String 'secret-1' -AsPlainText -Force
    Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $secret -TokenUri $tokenUri -ApiBaseUri $apiBase -ErrorAction Stop | Out-Null
    [byte[]]$jpeg = 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4
    $r = Set-ZoomUserPicture -UserId ""iso-$step@example.com"" -ImageData $jpeg -ErrorAction Stop
    ""upload-$step=$($r.Status)""";
const string Report = @"
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Polly.Core', 'ZoomUsers.Engine' }) {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a)
        $file = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($a.Location).FileVersion
        ""loaded=$($a.GetName().Name)|$($a.GetName().Version)|$($context.GetType().Name)|$file""
    }";

const string SetDefaultProxy = @"
    $proxy = [System.Net.WebProxy]::new($env:ZOOMUSERS_TEST_PROXY)
    $proxy.BypassProxyOnLocal = $false
    $proxy.Credentials = [System.Net.NetworkCredential]::new($env:ZOOMUSERS_TEST_PROXY_USER, $env:ZOOMUSERS_TEST_PROXY_PASSWORD)
    [System.Net.Http.HttpClient]::DefaultProxy = $proxy";

// -Fit: SkiaSharp stays unloaded until a row needs it, then loads in the module's context with
// the native library from the module's dependencies/native/ (Linux: as mapped in /proc/self/maps).
const string UseFit = @"
    ""skia-before=$(@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SkiaSharp' }).Count)""
    [byte[]]$gif = 0x47,0x49,0x46,0x38,0x39,0x61,1,0,1,0,0x80,0,0,0xFF,0,0,0,0,0,0x2C,0,0,0,0,1,0,1,0,0,2,2,0x44,1,0,0x3B
    $r = Set-ZoomUserPicture -UserId fit@example.com -ImageData $gif -Fit -ErrorAction Stop
    ""fit=$($r.Status)""
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SkiaSharp' }) {
        ""skia=$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).GetType().Name)|$($a.Location)""
    }
    if (Test-Path /proc/self/maps) { Get-Content /proc/self/maps | Where-Object { $_ -match 'libSkiaSharp' } | ForEach-Object { ""native=$(($_ -split '\s+')[-1])"" } | Select-Object -Unique }";

// -Fit where no native library loads (the module folder without dependencies/native/): the rows in
// ZOOMUSERS_TEST_PICTURES (a CSV of UserId,Path) run with -Fit, and each prints its fate.
const string UseFitWithoutNative = @"
    $rows = Import-Csv -Path $env:ZOOMUSERS_TEST_PICTURES | Set-ZoomUserPicture -Fit -ErrorAction SilentlyContinue
    foreach ($r in $rows) { ""row=$($r.UserId)|$($r.Status)|$($r.ErrorId)|$($r.Message)"" }
    if (Test-Path /proc/self/maps) { ""native-mapped=$(@(Get-Content /proc/self/maps | Where-Object { $_ -match 'libSkiaSharp' }).Count)"" }";

// Peak memory against picture size: ZOOMUSERS_TEST_ROWS rows of the picture ZOOMUSERS_TEST_PICTURE
// (user ids cycling over 20), one pipeline, with defaults; then the process's peak resident set
// (on Linux PeakWorkingSet64 is VmHWM, the kernel's own high-water mark).
const string UsePictureMemory = @"
    $secret = ConvertTo-SecureString -String 'secret-1' -AsPlainText -Force
    Connect-Zoom -AccountId acct-1 -ClientId client-1 -ClientSecret $secret -TokenUri $tokenUri -ApiBaseUri $apiBase -ErrorAction Stop | Out-Null
    $ok = 0
    1..([int]$env:ZOOMUSERS_TEST_ROWS) | ForEach-Object { [pscustomobject]@{ UserId = ""mem-$($_ % 20)@example.com""; Path = $env:ZOOMUSERS_TEST_PICTURE } } |
        Set-ZoomUserPicture | ForEach-Object { if ($_.Status -eq 'Succeeded') { $ok++ } }
    ""ok=$ok""
    ""peak=$([System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64)""";

var script = scenario switch
{
    "conflicts-first" => LoadConflicts + "\nImport-Module $manifest -ErrorAction Stop\n$step = 1\n" + UsePicture + Report,
    "module-first" => "Import-Module $manifest -ErrorAction Stop\n$step = 1\n" + UsePicture + LoadConflicts + "\n$step = 2\n" + UsePicture + Report,
    "plain" => "Import-Module $manifest -ErrorAction Stop\n$step = 1\n" + UsePicture,
    "default-proxy" => SetDefaultProxy + "\nImport-Module $manifest -ErrorAction Stop\n$step = 1\n" + UsePicture,
    "fit" => "Import-Module $manifest -ErrorAction Stop\n$step = 1\n" + UsePicture + UseFit,
    "picture-memory" => "Import-Module $manifest -ErrorAction Stop\n" + UsePictureMemory,
    "fit-without-native" => "Import-Module $manifest -ErrorAction Stop\n$step = 1\n" + UsePicture + UseFitWithoutNative,
    _ => throw new ArgumentException("unknown scenario " + scenario),
};

var state = InitialSessionState.CreateDefault2();
using var runspace = RunspaceFactory.CreateRunspace(state);
runspace.Open();
foreach (var (name, value) in new[] { ("conflicts", conflicts), ("manifest", manifest), ("tokenUri", tokenUri), ("apiBase", apiBase) })
    runspace.SessionStateProxy.SetVariable(name, value);

using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddScript(script);
try
{
    foreach (var line in ps.Invoke()) Console.WriteLine(line);
}
catch (RuntimeException ex)
{
    Console.WriteLine("terminating=" + ex.Message);
    return 2;
}
foreach (var e in ps.Streams.Error) Console.WriteLine("error=" + e);
return ps.Streams.Error.Count == 0 ? 0 : 1;
