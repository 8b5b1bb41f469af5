<#
.SYNOPSIS
Windows PowerShell 5.1's real path through the built module, for the GitHub workflow's
windows-powershell job (powershell.exe on windows-latest; nothing here can run it).

.DESCRIPTION
Starts the standalone simulator (a .NET 10 process) on loopback, imports out/ZoomUsers into this
powershell.exe, connects with client credentials (a token request), uploads one picture and sets one
password, and checks that the process-wide settings other modules share are as they were. With
-PreloadModule, another module is imported first, so that its older copies of our dependencies
(System.Memory, System.Buffers, Unsafe, System.Text.Json...) are already loaded when ours are asked for.
Throws on any failure; prints which copy of each shared dependency this process ended up with.

.EXAMPLE
powershell.exe -NoProfile -File tests/WindowsPowerShell/Invoke-SmokeRun.ps1 -PreloadModule Az.Accounts
#>
[CmdletBinding()]
param(
    [string] $PreloadModule,
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
"PowerShell $($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition) on $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)"

if ($PreloadModule) {
    Import-Module $PreloadModule -ErrorAction Stop
    "Imported $PreloadModule $((Get-Module $PreloadModule).Version) first"
}
$shared = 'System.Memory', 'System.Buffers', 'System.Runtime.CompilerServices.Unsafe', 'System.Text.Json', 'System.Threading.Tasks.Extensions', 'Microsoft.Bcl.AsyncInterfaces'
function Show-Shared([string] $When) {
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in $shared }) {
        "  $When`: $($a.GetName().Name) $($a.GetName().Version) from $($a.Location)"
    }
}
Show-Shared 'before ZoomUsers'

$protocol = [System.Net.ServicePointManager]::SecurityProtocol
$expect = [System.Net.ServicePointManager]::Expect100Continue
$limit = [System.Net.ServicePointManager]::DefaultConnectionLimit

$simulator = Join-Path $root "tests/ZoomUsers.Simulator/bin/$Configuration/net10.0/ZoomUsers.Simulator.dll"
$log = Join-Path ([System.IO.Path]::GetTempPath()) "zoomusers-simulator-$PID.txt"
$process = Start-Process -FilePath dotnet -ArgumentList "`"$simulator`"", '--plan', 'business' -RedirectStandardOutput $log -NoNewWindow -PassThru
try {
    $line = $null
    foreach ($i in 1..120) {
        if (Test-Path $log) { $line = Get-Content $log | Where-Object { $_ -like 'Connect-Zoom *' } | Select-Object -First 1 }
        if ($line -or $process.HasExited) { break }
        Start-Sleep -Seconds 1
    }
    if (-not $line) { throw "The simulator did not start: $(Get-Content $log -Raw -ErrorAction SilentlyContinue)" }

    Import-Module (Join-Path $root 'out/ZoomUsers/ZoomUsers.psd1') -ErrorAction Stop
    Invoke-Expression $line | Format-List AccountId, AuthenticationType, ApiBaseUri, TokenUri | Out-String

    [byte[]] $jpeg = @(0xFF, 0xD8, 0xFF, 0xE0) + [byte[]](1..2044 | ForEach-Object { $_ % 251 })
    $picture = Set-ZoomUserPicture -UserId 'desktop@example.com' -ImageData $jpeg
    $password = Set-ZoomUserPassword -UserId "desktop-$PID@example.com" -Password (ConvertTo-SecureString 'Blue7Heron!desk' -AsPlainText -Force) -Confirm:$false
    @($picture, $password) | Format-Table UserId, Operation, Status, ErrorId, HttpStatus, Attempts -AutoSize | Out-String
    foreach ($r in @($picture, $password)) {
        if ($r.Status -ne 'Succeeded') { throw "$($r.Operation) for $($r.UserId): $($r.Status) $($r.ErrorId) $($r.Message)" }
    }

    # Process-wide settings other modules share: TLS only widened when it excluded 1.2, the rest untouched.
    $after = [System.Net.ServicePointManager]::SecurityProtocol
    $tls12 = [System.Net.SecurityProtocolType]::Tls12
    if ($protocol -eq 0 -or ($protocol -band $tls12) -eq $tls12) {
        if ($after -ne $protocol) { throw "SecurityProtocol changed from $protocol to $after" }
    }
    elseif ($after -ne ($protocol -bor $tls12)) { throw "SecurityProtocol $protocol became $after, not $($protocol -bor $tls12)" }
    if ([System.Net.ServicePointManager]::Expect100Continue -ne $expect) { throw 'ServicePointManager.Expect100Continue changed' }
    if ([System.Net.ServicePointManager]::DefaultConnectionLimit -ne $limit) { throw 'ServicePointManager.DefaultConnectionLimit changed' }

    Show-Shared 'after the run'
    'Windows PowerShell smoke run: passed'
}
finally {
    if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }
    Remove-Item $log -ErrorAction SilentlyContinue
}
