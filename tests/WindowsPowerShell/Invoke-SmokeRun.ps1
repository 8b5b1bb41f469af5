<#
.SYNOPSIS
Windows PowerShell 5.1's real path through the built module, for the GitHub workflow's
windows-powershell job (powershell.exe on windows-latest; nothing here can run it).

.DESCRIPTION
Starts the standalone simulator (a .NET 10 process) on loopback, imports out/ZoomUsers into this
powershell.exe, connects with client credentials (a token request), uploads one picture and sets one
password; then connects to a second simulator over HTTPS, whose certificate comes from the test CA
that .ci/add-test-ca.ps1 put into the machine's root store (ZOOMUSERS_TEST_CA names it), and uploads
one picture through that trust; and checks that the process-wide settings other modules share are as
they were. With
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
if (-not $env:ZOOMUSERS_TEST_CA) { throw 'ZOOMUSERS_TEST_CA is not set: run .ci/add-test-ca.ps1 first (the HTTPS upload needs its CA in the machine''s root store).' }
$started = New-Object -TypeName System.Collections.Generic.List[object]

# Starts the standalone simulator with $Options; returns the Connect-Zoom line it prints.
function Start-Simulator([string[]] $Options) {
    $log = Join-Path ([System.IO.Path]::GetTempPath()) "zoomusers-simulator-$PID-$($started.Count).txt"
    $process = Start-Process -FilePath dotnet -ArgumentList (@("`"$simulator`"") + $Options) -RedirectStandardOutput $log -NoNewWindow -PassThru
    $started.Add([pscustomobject]@{ Process = $process; Log = $log })
    foreach ($i in 1..120) {
        if (Test-Path $log) {
            $line = Get-Content $log | Where-Object { $_ -like 'Connect-Zoom *' } | Select-Object -First 1
            if ($line) { return $line }
        }
        if ($process.HasExited) { break }
        Start-Sleep -Seconds 1
    }
    throw "The simulator ($($Options -join ' ')) did not start: $(Get-Content $log -Raw -ErrorAction SilentlyContinue)"
}

function Assert-Succeeded([object[]] $Results) {
    $Results | Format-Table UserId, Operation, Status, ErrorId, HttpStatus, Attempts -AutoSize | Out-String
    foreach ($r in $Results) {
        if ($r.Status -ne 'Succeeded') { throw "$($r.Operation) for $($r.UserId): $($r.Status) $($r.ErrorId) $($r.Message)" }
    }
}

try {
    $line = Start-Simulator @('--plan', 'business')
    Import-Module (Join-Path $root 'out/ZoomUsers/ZoomUsers.psd1') -ErrorAction Stop
    Invoke-Expression $line | Format-List AccountId, AuthenticationType, ApiBaseUri, TokenUri | Out-String

    [byte[]] $jpeg = @(0xFF, 0xD8, 0xFF, 0xE0) + [byte[]](1..2044 | ForEach-Object { $_ % 251 })
    $picture = Set-ZoomUserPicture -UserId 'desktop@example.com' -ImageData $jpeg
    $password = Set-ZoomUserPassword -UserId "desktop-$PID@example.com" -Password (ConvertTo-SecureString 'Blue7Heron!desk' -AsPlainText -Force) -Confirm:$false
    Assert-Succeeded @($picture, $password)

    # HTTPS, trusted as an admin's machine trusts a CA: through the machine's root store, validation on.
    $line = Start-Simulator @('--plan', 'business', '--tls-ca', $env:ZOOMUSERS_TEST_CA)
    if ($line -notmatch '-ApiBaseUri https://') { throw "The HTTPS simulator printed no https:// address: $line" }
    Invoke-Expression $line | Format-List AccountId, ApiBaseUri, TokenUri | Out-String
    $overTls = Set-ZoomUserPicture -UserId 'desktop-tls@example.com' -ImageData $jpeg
    Assert-Succeeded @($overTls)

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
    foreach ($s in $started) {
        if (-not $s.Process.HasExited) { Stop-Process -Id $s.Process.Id -Force }
        Remove-Item $s.Log -ErrorAction SilentlyContinue
    }
}
