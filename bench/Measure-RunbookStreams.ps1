<#
.SYNOPSIS
    Measures what README's nightly runbook writes to each PowerShell stream, as an Azure Automation job
    would keep it (each job stream is capped at 1 MiB), against the Zoom simulator.
.DESCRIPTION
    Starts the simulator (no rate limit, no latency: only the streams are measured), writes a CSV of
    -Rows rows (Email,PhotoPath; one small JPEG for all), makes -FailingShare of the users unknown to
    the simulator (404 code 1001, a failure no retry mends), and runs the runbook in a child pwsh with
    each stream redirected to its own file: 1 output, 2 error, 3 warning, 4 verbose. The runbook is
    README's example with the Automation assets replaced by the simulator's account. -Example Before
    runs the example as it was before the streams were kept small, for comparison. -LogVerbose runs the
    child with $VerbosePreference = 'Continue', as an account that logs verbose records does.
.EXAMPLE
    dotnet tool run pwsh -NoProfile -File bench/Measure-RunbookStreams.ps1 -Rows 50000 -FailingShare 0.05
#>
[CmdletBinding()]
param(
    [int] $Rows = 50000,
    [double] $FailingShare = 0.05,
    [ValidateSet('Current', 'Before')] [string] $Example = 'Current',
    [switch] $LogVerbose,
    # How error records are written as text: NormalView is Windows PowerShell 5.1's (and longer), ConciseView pwsh 7's.
    [ValidateSet('NormalView', 'ConciseView')] [string] $ErrorView = 'NormalView',
    [int] $Port = 47123
)
$ErrorActionPreference = 'Stop'
$repo = Split-Path -Parent $PSScriptRoot
$simulator = Join-Path $repo 'tests/ZoomUsers.Simulator/bin/Release/net10.0/ZoomUsers.Simulator.dll'
$module = Join-Path $repo 'out/ZoomUsers/ZoomUsers.psd1'
foreach ($built in $simulator, $module) { if (-not (Test-Path $built)) { throw "Build first: $built" } }

$work = Join-Path ([IO.Path]::GetTempPath()) ("zoomusers-streams-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$dotnet = (Get-Process -Id $PID).Path
if ((Split-Path -Leaf $dotnet) -notmatch '^dotnet') { $dotnet = 'dotnet' }
# One small JPEG from the simulator's sample pictures, for every row.
& $dotnet $simulator make-pictures (Join-Path $work 'pictures') | Out-Null
$photo = Join-Path $work 'pictures/small-001.jpg'
$failEvery = [int][Math]::Round(1 / $FailingShare)
$csv = Join-Path $work 'photos.csv'
$lines = [Collections.Generic.List[string]]::new()
$lines.Add('Email,PhotoPath')
$missing = [Collections.Generic.List[string]]::new()
for ($i = 1; $i -le $Rows; $i++) {
    $user = "user$i@contoso.com"
    $lines.Add("$user,$photo")
    if ($i % $failEvery -eq 0) { $missing.Add('--missing-user'); $missing.Add($user) }
}
[IO.File]::WriteAllLines($csv, $lines)

$simArgs = @($simulator, '--port', $Port, '--rate-limit', 'none') + $missing
$sim = Start-Process -FilePath $dotnet -ArgumentList $simArgs -PassThru -RedirectStandardOutput (Join-Path $work 'sim.txt') -RedirectStandardError (Join-Path $work 'sim-err.txt')
try {
    $base = "http://127.0.0.1:$Port"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Select-String -Path (Join-Path $work 'sim.txt') -Pattern 'Connect-Zoom' -Quiet)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw 'The simulator did not start: ' + (Get-Content -Raw (Join-Path $work 'sim-err.txt')) }
        Start-Sleep -Milliseconds 200
    }
    $connectLine = Select-String -Path (Join-Path $work 'sim.txt') -Pattern '^Connect-Zoom' | Select-Object -First 1
    $accountId = [regex]::Match($connectLine.Line, '-AccountId (\S+)').Groups[1].Value
    $clientId = [regex]::Match($connectLine.Line, '-ClientId (\S+)').Groups[1].Value
    $secret = [regex]::Match($connectLine.Line, "ConvertTo-SecureString '([^']+)'").Groups[1].Value
    $tokenUri = [regex]::Match($connectLine.Line, '-TokenUri (\S+)').Groups[1].Value
    $apiUri = [regex]::Match($connectLine.Line, '-ApiBaseUri (\S+)').Groups[1].Value

    $state = Join-Path $work 'photos.state'
    $report = Join-Path $work 'report.csv'
    # The Automation assets, as the simulator's account; Connect-Zoom pointed at the simulator.
    $assets = @"
Import-Module '$module'
function Get-AutomationPSCredential { param(`$Name) [pscredential]::new('$clientId', (ConvertTo-SecureString '$secret' -AsPlainText -Force)) }
function Get-AutomationVariable { param(`$Name) '$accountId' }
`$PSDefaultParameterValues['Connect-Zoom:TokenUri'] = '$tokenUri'
`$PSDefaultParameterValues['Connect-Zoom:ApiBaseUri'] = '$apiUri'
`$global:ErrorView = '$ErrorView'
$(if ($LogVerbose) { "`$VerbosePreference = 'Continue'" })
"@
    $before = @"
`$credential = Get-AutomationPSCredential -Name 'Zoom S2S app'
Connect-Zoom -AccountId (Get-AutomationVariable -Name 'ZoomAccountId') -Credential `$credential | Out-Null
Import-Csv -Path '$csv' |
    Set-ZoomUserPicture -Fit -StatePath '$state' -Confirm:`$false |
    Export-Csv -Path '$report' -NoTypeInformation
Disconnect-Zoom
"@
    # README's example, paths aside: keep it in step with README.md's "The nightly runbook".
    $current = @"
`$credential = Get-AutomationPSCredential -Name 'Zoom S2S app'
Connect-Zoom -AccountId (Get-AutomationVariable -Name 'ZoomAccountId') -Credential `$credential | Out-Null
`$report = '$report'
Import-Csv -Path '$csv' |
    Set-ZoomUserPicture -Fit -StatePath '$state' -Confirm:`$false -ErrorAction SilentlyContinue -Verbose:`$false |
    Export-Csv -Path `$report -NoTypeInformation
Import-Csv -Path `$report | Group-Object -Property Status, ErrorId -NoElement | Sort-Object -Property Count -Descending |
    Format-Table -Property Count, Name -AutoSize | Out-String -Width 120
"Full report: `$report"
Disconnect-Zoom
"@
    $runbook = Join-Path $work 'runbook.ps1'
    $body = if ($Example -eq 'Before') { $before } else { $current }
    Set-Content -Path $runbook -Value ($assets + "`n" + $body)

    $streams = [ordered]@{ Output = 'out.txt'; Error = 'err.txt'; Warning = 'warn.txt'; Verbose = 'verbose.txt' }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $child = "& '$runbook' 1> '$(Join-Path $work $streams.Output)' 2> '$(Join-Path $work $streams.Error)' 3> '$(Join-Path $work $streams.Warning)' 4> '$(Join-Path $work $streams.Verbose)'"
    Push-Location $repo
    try { & $dotnet tool run pwsh -NoProfile -NonInteractive -Command $child } finally { Pop-Location }
    $watch.Stop()
    $reportRows = @(Import-Csv -Path $report).Count
    foreach ($name in $streams.Keys) {
        $file = Join-Path $work $streams[$name]
        $bytes = if (Test-Path $file) { (Get-Item $file).Length } else { 0 }
        [pscustomobject]@{ Example = $Example; LogVerbose = [bool]$LogVerbose; ErrorView = $ErrorView; Rows = $Rows; Failing = $missing.Count / 2; Stream = $name; Bytes = $bytes; ReportRows = $reportRows; Seconds = [Math]::Round($watch.Elapsed.TotalSeconds) }
    }
    Write-Host "Streams kept in $work"
}
finally {
    Stop-Process -Id $sim.Id -ErrorAction SilentlyContinue
}
