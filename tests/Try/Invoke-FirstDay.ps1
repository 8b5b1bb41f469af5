<#
.SYNOPSIS
An admin's first day with ZoomUsers, on the Zoom simulator: what ./build.ps1 -Task Try runs.

.DESCRIPTION
Run by build.ps1 in a clean PowerShell (-NoProfile). Starts the standalone Zoom simulator
(tests/ZoomUsers.Simulator) on loopback, pastes the Connect-Zoom line it prints, imports the built
module, and runs what a first day looks like:

  1. About 200 users whose pictures the simulator makes (make-pictures: small JPEGs and PNGs, a
     camera-size JPEG, a sideways one, a GIF), plus a missing file and an unknown user, in a CSV,
     through Set-ZoomUserPicture -Fit -StatePath with progress, into report CSVs.
  2. The same CSV again: every picture that went up is now Skipped; the two bad rows fail again.
  3. A few passwords: good ones, a reused one Zoom refuses (1129), one the local rules refuse, and
     the unknown user.

It prints each run grouped by Status and ErrorId, the failures with their messages, and where the
report CSVs and the state file are; it exits 0 only when every row got the result it should (and
1 otherwise, naming each row that did not).

Over HTTPS on Linux, as Zoom is reached: the simulator serves TLS with a throwaway CA (--tls), and
.NET trusts that CA through SSL_CERT_FILE, which it reads once, from the environment the process
started with. So this script starts the simulator, then runs the module part again in a child
PowerShell started with SSL_CERT_FILE pointing at the CA (-ConnectLine tells the child that the
pictures, the CSVs and the simulator are ready). On Windows, .NET reads only the Windows
certificate store: where ZOOMUSERS_TEST_CA names a CA whose root is in it (CI's Windows legs:
.ci/add-test-ca.ps1), the simulator serves a certificate from that CA (--tls-ca) and this process
trusts it as an admin's machine would. Elsewhere (macOS, or Windows without that CA) it stays on
plain http:// in this process, and says so and why.

Runs on Windows PowerShell 5.1 and PowerShell 7; the simulator runs as its own dotnet process.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [Parameter(Mandatory = $true)] [string] $SimulatorAssembly,
    [Parameter(Mandatory = $true)] [string] $WorkFolder,
    [ValidateRange(1, 5000)] [int] $SmallPictures = 195,
    # Internal: the parent run's simulator is up over HTTPS and this process trusts its CA.
    [string] $ConnectLine
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The simulator's options, with HTTPS wherever this run can trust it: --tls (a throwaway CA) where
# SSL_CERT_FILE makes .NET trust it (Linux, in a child PowerShell), --tls-ca where the machine's root
# store already holds the test CA (ZOOMUSERS_TEST_CA, Windows); otherwise plain http://, for this reason.
$SimulatorOptions = @('--plan', 'business', '--password-history', '5', '--missing-user', 'nobody@contoso.com')
$UseSslCertFile = [bool](Get-Variable -Name IsLinux -ValueOnly -ErrorAction SilentlyContinue)
$PlainHttpReason = $null
if ($UseSslCertFile) { $SimulatorOptions += '--tls' }
elseif ($env:ZOOMUSERS_TEST_CA -and [System.Environment]::OSVersion.Platform -eq 'Win32NT') { $SimulatorOptions += '--tls-ca', $env:ZOOMUSERS_TEST_CA }
elseif ([System.Environment]::OSVersion.Platform -eq 'Win32NT') { $PlainHttpReason = '.NET trusts only the Windows certificate store here, and ZOOMUSERS_TEST_CA names no test CA in it' }
else { $PlainHttpReason = '.NET on macOS trusts only the keychain, and nothing is installed into it' }

# This PowerShell as a command line, to start it again (the HTTPS child below). pwsh run as a .NET tool
# is the dotnet host running pwsh.dll: then that same dotnet also runs the simulator.
. (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'tests/Shared/ChildPowerShell.ps1')
$PowerShellCommand = Get-PowerShellCommand
$dotnet = 'dotnet'
if ($PowerShellCommand.Count -gt 1) { $dotnet = $PowerShellCommand[0] }

function Write-Section {
    param([string] $Text)
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
}

# Starts `dotnet <simulator> <arguments>` and returns the process, its output still open.
function Start-Simulator {
    param([string[]] $Arguments)
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $dotnet
    $start.Arguments = ((@($SimulatorAssembly) + $Arguments) | ForEach-Object { '"' + $_ + '"' }) -join ' '
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    [System.Diagnostics.Process]::Start($start)
}

# The simulator's make-pictures: the sample pictures, made in-process with SkiaSharp (no image tool, no network).
function New-SamplePictures {
    param([string] $Folder)
    $process = Start-Simulator -Arguments @('make-pictures', $Folder, '--small', "$SmallPictures")
    $stderr = $process.StandardError.ReadToEndAsync()
    [void]$process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) { throw "make-pictures failed ($($process.ExitCode)): $($stderr.Result)" }
}

# A table of results grouped by Status and ErrorId, largest group first.
function Write-Groups {
    param([string] $Title, [object[]] $Results)
    Write-Section "$Title ($($Results.Count) rows), by Status and ErrorId"
    $Results | Group-Object -Property Status, ErrorId | Sort-Object -Property Count -Descending | ForEach-Object {
        [pscustomobject]@{ Count = $_.Count; Status = "$($_.Group[0].Status)"; ErrorId = "$($_.Group[0].ErrorId)" }
    } | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
}

function Write-Failures {
    param([object[]] $Results)
    $failed = @($Results | Where-Object { $_.Status -eq 'Failed' })
    if ($failed.Count -eq 0) { return }
    Write-Host 'Failures, with their messages:'
    $failed | Sort-Object -Property UserId | Format-Table -Property UserId, HttpStatus, ErrorCode, ErrorId, Message -AutoSize -Wrap |
        Out-String -Width 200 | Write-Host
}

# Compares each result with what its row should get. Rows of one user come back in their input order.
function Test-Results {
    param([string] $Run, [object[]] $Results, [object[]] $Expected)
    $problems = New-Object -TypeName System.Collections.Generic.List[string]
    if ($Results.Count -ne $Expected.Count) {
        $problems.Add("${Run}: $($Expected.Count) rows in, $($Results.Count) results out")
    }
    $byUser = @{}
    foreach ($result in $Results) {
        $key = "$($result.UserId)".ToLowerInvariant()
        if (-not $byUser.ContainsKey($key)) { $byUser[$key] = New-Object -TypeName System.Collections.Generic.Queue[object] }
        $byUser[$key].Enqueue($result)
    }
    foreach ($row in $Expected) {
        $key = $row.UserId.ToLowerInvariant()
        if (-not $byUser.ContainsKey($key) -or $byUser[$key].Count -eq 0) {
            $problems.Add("${Run}: $($row.UserId): no result")
            continue
        }
        $result = $byUser[$key].Dequeue()
        $errorId = "$($result.ErrorId)"
        if ("$($result.Status)" -ne $row.Status -or $errorId -ne $row.ErrorId) {
            $problems.Add("${Run}: $($row.UserId): $($result.Status) $errorId, expected $($row.Status) $($row.ErrorId) ($($result.Message))")
        }
    }
    , $problems
}

if (-not $ConnectLine -and (Test-Path -LiteralPath $WorkFolder)) { Remove-Item -LiteralPath $WorkFolder -Recurse -Force }
$pictures = Join-Path $WorkFolder 'pictures'
New-Item -ItemType Directory -Path $pictures -Force | Out-Null
$WorkFolder = (Resolve-Path -LiteralPath $WorkFolder).ProviderPath
$pictures = (Resolve-Path -LiteralPath $pictures).ProviderPath
$pictureCsv = Join-Path $WorkFolder 'pictures.csv'
$passwordCsv = Join-Path $WorkFolder 'passwords.csv'
$statePath = Join-Path $WorkFolder 'pictures.state'
$firstReport = Join-Path $WorkFolder 'report-pictures-1.csv'
$secondReport = Join-Path $WorkFolder 'report-pictures-2.csv'
$passwordReport = Join-Path $WorkFolder 'report-passwords.csv'

if (-not $ConnectLine) {
    Write-Section 'Making the sample pictures (the simulator''s make-pictures, no network)'
    New-SamplePictures -Folder $pictures
}

# The CSV an admin would have: Email,PhotoPath, paths relative to the CSV's folder (the run's location).
$pictureRows = New-Object -TypeName System.Collections.Generic.List[object]
for ($i = 1; $i -le $SmallPictures; $i++) {
    $extension = if ($i % 2 -eq 0) { 'png' } else { 'jpg' }
    $pictureRows.Add([pscustomobject]@{ Email = ('user{0:000}@contoso.com' -f $i); PhotoPath = ('pictures/small-{0:000}.{1}' -f $i, $extension); Expect = 'Succeeded'; ErrorId = '' })
}
$pictureRows.Add([pscustomobject]@{ Email = 'camera@contoso.com'; PhotoPath = 'pictures/camera.jpg'; Expect = 'Succeeded'; ErrorId = '' })
$pictureRows.Add([pscustomobject]@{ Email = 'sideways@contoso.com'; PhotoPath = 'pictures/sideways.jpg'; Expect = 'Succeeded'; ErrorId = '' })
$pictureRows.Add([pscustomobject]@{ Email = 'badge@contoso.com'; PhotoPath = 'pictures/badge.gif'; Expect = 'Succeeded'; ErrorId = '' })
$pictureRows.Add([pscustomobject]@{ Email = 'missing@contoso.com'; PhotoPath = 'pictures/missing.jpg'; Expect = 'Failed'; ErrorId = 'PictureNotFound' })
$pictureRows.Add([pscustomobject]@{ Email = 'nobody@contoso.com'; PhotoPath = 'pictures/small-001.jpg'; Expect = 'Failed'; ErrorId = 'UserNotFound' })
$pictureRows | Select-Object -Property Email, PhotoPath | Export-Csv -LiteralPath $pictureCsv -NoTypeInformation

$firstExpected = @($pictureRows | ForEach-Object { [pscustomobject]@{ UserId = $_.Email; Status = $_.Expect; ErrorId = $_.ErrorId } })
# The second run: what went up is unchanged, so Skipped; failures are never recorded, so they fail again.
$secondExpected = @($pictureRows | ForEach-Object {
        $status = if ($_.Expect -eq 'Succeeded') { 'Skipped' } else { $_.Expect }
        [pscustomobject]@{ UserId = $_.Email; Status = $status; ErrorId = $_.ErrorId }
    })

$passwordRows = @(
    [pscustomobject]@{ Email = 'erin@contoso.com'; Password = 'Amber5Falcon#'; Expect = 'Succeeded'; ErrorId = '' }
    [pscustomobject]@{ Email = 'frank@contoso.com'; Password = 'Coral8Badger%'; Expect = 'Succeeded'; ErrorId = '' }
    [pscustomobject]@{ Email = 'grace@contoso.com'; Password = 'Juniper4Otter!'; Expect = 'Succeeded'; ErrorId = '' }
    [pscustomobject]@{ Email = 'grace@contoso.com'; Password = 'Maple7Heron$'; Expect = 'Succeeded'; ErrorId = '' }
    [pscustomobject]@{ Email = 'grace@contoso.com'; Password = 'Juniper4Otter!'; Expect = 'Failed'; ErrorId = 'PasswordRecentlyUsed' }
    [pscustomobject]@{ Email = 'heidi@contoso.com'; Password = 'short1A'; Expect = 'Failed'; ErrorId = 'PasswordPolicy' }
    [pscustomobject]@{ Email = 'nobody@contoso.com'; Password = 'Willow3Lynx&'; Expect = 'Failed'; ErrorId = 'UserNotFound' }
)
$passwordRows | Select-Object -Property Email, Password | Export-Csv -LiteralPath $passwordCsv -NoTypeInformation
$passwordExpected = @($passwordRows | ForEach-Object { [pscustomobject]@{ UserId = $_.Email; Status = $_.Expect; ErrorId = $_.ErrorId } })

$simulator = $null
$problems = New-Object -TypeName System.Collections.Generic.List[string]
if (-not $ConnectLine) {
    Write-Section "Starting the Zoom simulator ($($SimulatorOptions -join ' '))"
    if ($PlainHttpReason) { Write-Host "Over plain http://, not HTTPS: $PlainHttpReason." }
    $simulator = Start-Simulator -Arguments $SimulatorOptions
    $simulatorErrors = $simulator.StandardError.ReadToEndAsync()
    # It prints a banner (with --tls, the CA's root file), then the Connect-Zoom line to paste.
    $trustFile = $null
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not $ConnectLine -and [DateTime]::UtcNow -lt $deadline) {
        $read = $simulator.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([TimeSpan]::FromSeconds(60))) { break }
        if ($null -eq $read.Result) { break }
        Write-Host $read.Result
        if ($read.Result -match 'throwaway CA whose root is (\S+) ') { $trustFile = $Matches[1] }
        if ($read.Result.StartsWith('Connect-Zoom ')) { $ConnectLine = $read.Result }
    }
    if (-not $ConnectLine) {
        if (-not $simulator.HasExited) { $simulator.Kill() }
        throw "The simulator printed no Connect-Zoom line: $($simulatorErrors.Result)"
    }
    # The rest of its output (a closing line on exit) is not needed; drain it so it never blocks.
    [void]$simulator.StandardOutput.ReadToEndAsync()

    if ($UseSslCertFile) {
        if (-not $trustFile) { $simulator.Kill(); throw 'The simulator was started with --tls but named no CA root file.' }
        # The module part, in a PowerShell that starts with SSL_CERT_FILE set: the only way .NET reads it.
        Write-Section "The module's part, in a PowerShell that trusts the simulator's CA (SSL_CERT_FILE=$trustFile)"
        $env:SSL_CERT_FILE = $trustFile
        try {
            & $PowerShellCommand[0] @($PowerShellCommand | Select-Object -Skip 1) -NoProfile -NonInteractive -File $PSCommandPath `
                -ModuleManifest $ModuleManifest -SimulatorAssembly $SimulatorAssembly -WorkFolder $WorkFolder `
                -SmallPictures $SmallPictures -ConnectLine $ConnectLine
            $childExit = $LASTEXITCODE
        }
        finally {
            Remove-Item -Path Env:SSL_CERT_FILE -ErrorAction SilentlyContinue
            if (-not $simulator.HasExited) { $simulator.Kill() }
            $simulator.WaitForExit()
        }
        exit $childExit
    }
}
Push-Location -LiteralPath $WorkFolder
try {
    Write-Section "Import-Module $ModuleManifest"
    Import-Module -Name $ModuleManifest -Force
    Write-Host "ZoomUsers $((Get-Module -Name ZoomUsers).Version) in $($PSVersionTable.PSEdition) PowerShell $($PSVersionTable.PSVersion)"
    Write-Host "> $connectLine"
    Invoke-Expression -Command $connectLine | Format-List -Property AccountId, ApiBaseUri, RateMode | Out-String | Write-Host

    Write-Section "Pictures, first run: Import-Csv pictures.csv | Set-ZoomUserPicture -Fit -StatePath pictures.state"
    $first = @(Import-Csv -LiteralPath $pictureCsv | Set-ZoomUserPicture -Fit -StatePath $statePath -ErrorAction SilentlyContinue)
    $first | Export-Csv -LiteralPath $firstReport -NoTypeInformation
    Write-Groups -Title 'Pictures, first run' -Results $first
    Write-Failures -Results $first
    Write-Host 'What -Fit did:'
    $first | Where-Object { $_.UserId -in 'camera@contoso.com', 'sideways@contoso.com', 'badge@contoso.com' } |
        Format-Table -Property UserId, Status, Message -AutoSize -Wrap | Out-String -Width 200 | Write-Host
    foreach ($p in (Test-Results -Run 'pictures, first run' -Results $first -Expected $firstExpected)) { $problems.Add($p) }

    Write-Section 'Pictures, second run: the same command again (nothing changed)'
    $second = @(Import-Csv -LiteralPath $pictureCsv | Set-ZoomUserPicture -Fit -StatePath $statePath -ErrorAction SilentlyContinue)
    $second | Export-Csv -LiteralPath $secondReport -NoTypeInformation
    Write-Groups -Title 'Pictures, second run' -Results $second
    Write-Failures -Results $second
    foreach ($p in (Test-Results -Run 'pictures, second run' -Results $second -Expected $secondExpected)) { $problems.Add($p) }

    Write-Section 'Passwords: Import-Csv passwords.csv | Set-ZoomUserPassword -Confirm:$false'
    $passwords = @(Import-Csv -LiteralPath $passwordCsv | Set-ZoomUserPassword -Confirm:$false -ErrorAction SilentlyContinue)
    $passwords | Export-Csv -LiteralPath $passwordReport -NoTypeInformation
    Write-Groups -Title 'Passwords' -Results $passwords
    Write-Failures -Results $passwords
    foreach ($p in (Test-Results -Run 'passwords' -Results $passwords -Expected $passwordExpected)) { $problems.Add($p) }

    Disconnect-Zoom
}
finally {
    Pop-Location
    if ($simulator) {
        if (-not $simulator.HasExited) { $simulator.Kill() }
        $simulator.WaitForExit()
    }
}

Write-Section 'Where things are'
Write-Host "Pictures CSV:       $pictureCsv"
Write-Host "Passwords CSV:      $passwordCsv"
Write-Host "Reports:            $firstReport"
Write-Host "                    $secondReport"
Write-Host "                    $passwordReport"
Write-Host "State file:         $statePath"
Write-Host "Look at a report:   Import-Csv '$firstReport' | Group-Object Status, ErrorId -NoElement"

$rows = $firstExpected.Count + $secondExpected.Count + $passwordExpected.Count
Write-Host ''
if ($problems.Count -gt 0) {
    Write-Host "Try: $($problems.Count) of $rows rows did not get the result they should:" -ForegroundColor Red
    foreach ($p in $problems) { Write-Host "  $p" -ForegroundColor Red }
    exit 1
}
Write-Host "Try: all $rows rows got the result they should." -ForegroundColor Green
exit 0
