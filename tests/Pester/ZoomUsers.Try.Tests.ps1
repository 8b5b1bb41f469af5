# README's try command, as a newcomer runs it: ./build.ps1 -Task Try in a fresh pwsh. It must exit 0
# (every row got the result it should) and print each run grouped by Status and ErrorId, the failures
# with their messages, and where the reports and the state file are.
#
#   ./build.ps1 -Task Build
#   Invoke-Pester -Path tests/Pester/ZoomUsers.Try.Tests.ps1 -Output Detailed

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
    $tryProblem = Get-ZoomSimulatorProblem
    if ($tryProblem) {
        Write-Warning "Skipping build.ps1 -Task Try: $tryProblem"
    }
}

Describe 'build.ps1 -Task Try: an admin''s first day on the simulator' -Tag 'Simulator', 'Try' -Skip:([bool]$tryProblem) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
        $repoRoot = Get-ZoomUsersRepoRoot
        $configuration = if ($env:ZOOMUSERS_CONFIGURATION) { $env:ZOOMUSERS_CONFIGURATION } else { 'Release' }

        # This same pwsh again, as README's command starts it: -NoProfile -File ./build.ps1 -Task Try.
        $path = (Get-Process -Id $PID).Path
        $start = New-Object -TypeName System.Diagnostics.ProcessStartInfo -ArgumentList $path
        if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
            $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
        foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', (Join-Path $repoRoot 'build.ps1'), '-Task', 'Try', '-Configuration', $configuration)) {
            $start.ArgumentList.Add($argument)
        }
        $start.UseShellExecute = $false
        $start.WorkingDirectory = $repoRoot
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
        $start.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(600000)) {
            $process.Kill($true)
            throw 'build.ps1 -Task Try did not finish in ten minutes.'
        }
        $process.WaitForExit()
        $exitCode = $process.ExitCode
        $output = $stdout.Result -replace '\x1B\[[0-9;?]*[A-Za-z]'
        $errors = $stderr.Result -replace '\x1B\[[0-9;?]*[A-Za-z]'
        $lines = $output -split '\r?\n'

        # The rows of the group table under a title, as "Count Status ErrorId" strings.
        function Get-Groups {
            param([string] $Title)
            $at = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -like "== $Title (*rows), by Status and ErrorId" })
            if ($at -lt 0) { return @() }
            $rows = New-Object -TypeName System.Collections.Generic.List[string]
            for ($i = $at + 1; $i -lt $lines.Count; $i++) {
                $line = $lines[$i].Trim()
                if ($line -match '^(\d+)\s+(\w+)\s*(\w*)$') { $rows.Add(("{0} {1} {2}" -f $Matches[1], $Matches[2], $Matches[3]).Trim()) }
                elseif ($rows.Count -gt 0 -and $line -eq '') { break }
            }
            @($rows | Sort-Object)
        }
    }

    It 'exits 0, saying every row got the result it should' {
        $exitCode | Should -Be 0 -Because "the run said:`n$output`n$errors"
        $output | Should -Match 'Try: all 407 rows got the result they should\.'
    }

    It 'talks HTTPS to the simulator on Linux, trusting its throwaway CA through SSL_CERT_FILE' -Skip:(-not [bool](Get-Variable -Name IsLinux -ValueOnly -ErrorAction SilentlyContinue)) {
        $output | Should -Match 'ApiBaseUri : https://127\.0\.0\.1:'
        $output | Should -Match 'in a PowerShell that trusts the simulator''s CA \(SSL_CERT_FILE='
    }

    It 'prints the first picture run grouped by Status and ErrorId: the pictures up, the missing file and the unknown user failed' {
        Get-Groups -Title 'Pictures, first run' | Should -Be @('1 Failed PictureNotFound', '1 Failed UserNotFound', '198 Succeeded')
    }

    It 'prints the second run: every picture that went up is Skipped, the failures fail again' {
        Get-Groups -Title 'Pictures, second run' | Should -Be @('1 Failed PictureNotFound', '1 Failed UserNotFound', '198 Skipped')
    }

    It 'prints the password rows: good ones set, a reused one refused by Zoom, one refused by the rules' {
        Get-Groups -Title 'Passwords' | Should -Be @('1 Failed PasswordPolicy', '1 Failed PasswordRecentlyUsed', '1 Failed UserNotFound', '4 Succeeded')
    }

    It 'prints the failures with their messages, and what -Fit did' {
        $output | Should -Match 'missing@contoso\.com\s+PictureNotFound\s+The picture file .*missing\.jpg'' does not exist\.'
        $output | Should -Match 'nobody@contoso\.com\s+404\s+1001\s+UserNotFound\s+User does not exist'
        $output | Should -Match 'grace@contoso\.com\s+400\s+1129\s+PasswordRecentlyUsed'
        $output | Should -Match 'camera@contoso\.com\s+Succeeded\s+Prepared from JPEG 4000 x 3000'
        $output | Should -Match 'sideways@contoso\.com\s+Succeeded\s+Prepared from .*turned upright'
        $output | Should -Match 'badge@contoso\.com\s+Succeeded\s+Prepared from GIF'
    }

    It 'prints where the report CSVs and the state file are, and they are there' {
        foreach ($label in 'Reports:', 'State file:') {
            $line = $lines | Where-Object { $_.StartsWith($label) } | Select-Object -First 1
            $line | Should -Not -BeNullOrEmpty -Because "the run prints '$label'"
            Test-Path -LiteralPath ($line.Substring($label.Length).Trim()) | Should -BeTrue
        }
        $report = @(Import-Csv -LiteralPath (Join-Path $repoRoot 'out/try/report-pictures-1.csv'))
        $report.Count | Should -Be 200
    }
}
