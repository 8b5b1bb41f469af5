# Starting the PowerShell that runs this script again, as a child process: the same edition and
# version, whether it is powershell.exe, an installed pwsh, or pwsh run as a .NET tool (then the
# process is the dotnet host running pwsh.dll). Dot-sourced by build.ps1, tests/Try/Invoke-FirstDay.ps1
# and the Pester files that start child PowerShells. Runs on Windows PowerShell 5.1 and PowerShell 7.

# This PowerShell as a command line: its first element is the program, the rest its first arguments.
function Get-PowerShellCommand {
    $path = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
        return @($path, (Join-Path $PSHOME 'pwsh.dll'))
    }
    , @($path)
}

# Runs this PowerShell again with -NoProfile -NonInteractive and $Arguments, in $WorkingDirectory, with
# $Environment's changes ($null removes a variable), no telemetry and no update check. Returns ExitCode,
# Output and Errors (standard output and error, without the colours' escape characters). Bounded: a
# child still running after $TimeoutSeconds is killed and this throws. PowerShell 7 only
# (ProcessStartInfo.ArgumentList).
function Invoke-ChildPowerShell {
    param(
        [Parameter(Mandatory = $true)] [string[]] $Arguments,
        [Parameter(Mandatory = $true)] [string] $WorkingDirectory,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $command = Get-PowerShellCommand
    $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $command[0]
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $Arguments) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $start.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$start.Environment.Remove($name) }
        else { $start.Environment[$name] = $Environment[$name] }
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "pwsh $($Arguments -join ' ') did not finish in $TimeoutSeconds seconds."
    }
    $process.WaitForExit()
    $escapes = '\x1B\[[0-9;?]*[A-Za-z]'
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result -replace $escapes; Errors = $stderr.Result -replace $escapes }
}
