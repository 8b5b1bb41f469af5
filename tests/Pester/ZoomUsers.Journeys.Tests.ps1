# What an administrator does with ZoomUsers, step by step as in a console, against the Zoom simulator
# (tests/ZoomUsers.Simulator) loaded into this PowerShell: CSV files in, Import-Csv, SecureStrings,
# -WhatIf, -Confirm:$false, Export-Csv of the results.
#
# The simulator is a .NET 10 ASP.NET Core library, so these journeys need PowerShell 7.6 or later on
# .NET 10 with the ASP.NET Core 10 shared framework installed (the .NET 10 SDK has it). Elsewhere they
# are skipped, with the reason, and ZoomUsers.Module.Tests.ps1 still runs.
#
#   ./build.ps1 -Task Build
#   Invoke-Pester -Path tests/Pester -Tag Simulator -Output Detailed

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
    $simulatorProblem = Get-ZoomSimulatorProblem
    if ($simulatorProblem) {
        Write-Warning "Skipping the simulator journeys: $simulatorProblem"
    }
}

Describe 'User journeys against the Zoom simulator' -Tag 'Simulator' -Skip:([bool]$simulatorProblem) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
        Import-Module -Name (Get-ZoomUsersManifestPath) -Force -ErrorAction Stop
        $simulator = Start-ZoomSimulator
        $picturesCsv = Join-Path $PSScriptRoot 'fixtures/pictures.csv'
        $passwordsCsv = Join-Path $PSScriptRoot 'fixtures/passwords.csv'

        function Get-SimulatorRequest {
            param([string] $Method, [string] $PathLike)
            @($simulator.Requests | Where-Object { $_.Method -eq $Method -and $_.Path -like $PathLike })
        }
    }

    AfterAll {
        Disconnect-Zoom
        Stop-ZoomSimulator -Simulator $simulator
        Remove-Module -Name ZoomUsers -Force -ErrorAction SilentlyContinue
    }

    Context 'connecting' {
        AfterEach {
            Disconnect-Zoom
        }

        It 'connects with a client secret and shows the connection, never the secret' {
            $connection = Connect-ZoomSimulator -Simulator $simulator

            $connection.AccountId | Should -Be 'acct-1'
            $connection.AuthenticationType | Should -Be 'ClientCredentials'
            $connection.Scopes | Should -Contain 'user:write:admin'
            (Get-ZoomConnection).ClientId | Should -Be 'client-1'
            (Get-ZoomConnection | Format-List * | Out-String) | Should -Not -Match 'secret-1'
        }

        It 'connects with a PSCredential, as a runbook does with its credential asset' {
            $secret = ConvertTo-SecureString -String 'secret-1' -AsPlainText -Force
            $credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'client-1', $secret

            $connection = Connect-Zoom -AccountId 'acct-1' -Credential $credential -TokenUri $simulator.TokenUri -ApiBaseUri $simulator.ApiBaseUri

            $connection.ClientId | Should -Be 'client-1'
        }

        It 'fails with ZoomAuthenticationFailed when the secret is wrong' {
            $wrong = ConvertTo-SecureString -String 'not-the-secret' -AsPlainText -Force
            { Connect-Zoom -AccountId 'acct-1' -ClientId 'client-1' -ClientSecret $wrong -TokenUri $simulator.TokenUri -ApiBaseUri $simulator.ApiBaseUri -ErrorAction Stop } |
                Should -Throw -ErrorId 'ZoomAuthenticationFailed,ZoomUsers.Commands.ConnectZoomCommand'
            Get-ZoomConnection | Should -BeNullOrEmpty
        }

        It 'forgets the connection on Disconnect-Zoom' {
            Connect-ZoomSimulator -Simulator $simulator | Out-Null
            Disconnect-Zoom
            Get-ZoomConnection | Should -BeNullOrEmpty
        }
    }

    Context 'profile pictures from a CSV file' {
        BeforeAll {
            Connect-ZoomSimulator -Simulator $simulator | Out-Null
            $alice = New-TestPicture -Path (Join-Path $TestDrive 'alice.jpg') -Kind Jpeg -Size 5000
            $bob = New-TestPicture -Path (Join-Path $TestDrive 'photos/bob.png') -Kind Png -Size 3000
            New-TestPicture -Path (Join-Path $TestDrive 'not-a-picture.jpg') -Kind Text | Out-Null
            # The CSV's picture paths are relative: they resolve against the PowerShell location.
            Push-Location -LiteralPath $TestDrive
        }

        AfterAll {
            Pop-Location
            Disconnect-Zoom
        }

        It 'a dry run with -WhatIf uploads nothing and names every bad row' {
            $problems = $null
            $output = Import-Csv -Path $picturesCsv | Set-ZoomUserPicture -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            Get-SimulatorRequest -Method POST -PathLike '*/picture' | Should -BeNullOrEmpty
            @($problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object) |
                Should -Be @('PictureFormatUnsupported', 'PictureNotFound', 'UserIdMissing')
        }

        It 'uploads the good rows and writes one result per row, good or bad' {
            $problems = $null
            $results = @(Import-Csv -Path $picturesCsv | Set-ZoomUserPicture -ErrorVariable problems -ErrorAction SilentlyContinue)

            $results.Count | Should -Be 5
            @($results | Where-Object Status -eq 'Succeeded' | ForEach-Object UserId | Sort-Object) | Should -Be @('alice@contoso.com', 'bob@contoso.com')
            ($results | Where-Object UserId -eq 'carol@contoso.com').ErrorId | Should -Be 'PictureNotFound'
            ($results | Where-Object UserId -eq 'dave@contoso.com').ErrorId | Should -Be 'PictureFormatUnsupported'
            ($results | Where-Object { -not $_.UserId }).ErrorId | Should -Be 'UserIdMissing'
            @($problems).Count | Should -Be 3
            $problems | ForEach-Object { $_.TargetObject.Status.ToString() } | Should -Be @('Failed', 'Failed', 'Failed')

            [Convert]::ToBase64String($simulator.Users['alice@contoso.com'].Picture) | Should -Be ([Convert]::ToBase64String($alice))
            [Convert]::ToBase64String($simulator.Users['bob@contoso.com'].Picture) | Should -Be ([Convert]::ToBase64String($bob))
            $simulator.Users['bob@contoso.com'].PictureContentType | Should -Be 'image/png'
        }

        It 'turns the results into a report with Export-Csv' {
            $report = Join-Path $TestDrive 'picture-results.csv'
            Import-Csv -Path $picturesCsv | Set-ZoomUserPicture -ErrorAction SilentlyContinue |
                Export-Csv -Path $report -NoTypeInformation

            $rows = @(Import-Csv -Path $report)
            $rows.Count | Should -Be 5
            $columns = $rows[0].PSObject.Properties.Name
            foreach ($column in 'UserId', 'Operation', 'Status', 'HttpStatus', 'ErrorCode', 'ErrorId', 'Message', 'Attempts', 'Duration', 'TrackingId', 'PictureUrl') {
                $columns | Should -Contain $column
            }
            ($rows | Where-Object UserId -eq 'alice@contoso.com').HttpStatus | Should -Be '201'
            ($rows | Where-Object UserId -eq 'alice@contoso.com').TrackingId | Should -Not -BeNullOrEmpty
            @($rows | Where-Object Status -eq 'Failed').Count | Should -Be 3
        }

        It 'uploads the thumbnailPhoto of Active Directory users' {
            $photo = New-TestPicture -Path (Join-Path $TestDrive 'erin.jpg') -Kind Jpeg -Size 2500
            # The shape Get-ADUser -Properties thumbnailPhoto writes.
            $adUser = [pscustomobject]@{
                DistinguishedName = 'CN=Erin,OU=Staff,DC=contoso,DC=com'
                SamAccountName    = 'erin'
                UserPrincipalName = 'erin@contoso.com'
                thumbnailPhoto    = $photo
            }

            $result = $adUser | Set-ZoomUserPicture

            $result.Status.ToString() | Should -Be 'Succeeded'
            $result.UserId | Should -Be 'erin@contoso.com'
            [Convert]::ToBase64String($simulator.Users['erin@contoso.com'].Picture) | Should -Be ([Convert]::ToBase64String($photo))
        }

        It 'reports a user that Zoom does not know as UserNotFound with Zoom''s code' {
            [void]$simulator.MissingUsers.Add('ghost@contoso.com')
            $problems = $null

            $result = Set-ZoomUserPicture -UserId 'ghost@contoso.com' -Path 'alice.jpg' -ErrorVariable problems -ErrorAction SilentlyContinue

            $result.ErrorId | Should -Be 'UserNotFound'
            $result.ErrorCode | Should -Be 1001
            $result.HttpStatus | Should -Be 404
            $problems[0].FullyQualifiedErrorId | Should -Be 'UserNotFound,ZoomUsers.Commands.SetZoomUserPictureCommand'
            $problems[0].CategoryInfo.Category.ToString() | Should -Be 'ObjectNotFound'
        }
    }

    Context 'passwords from a CSV file' {
        BeforeAll {
            Connect-ZoomSimulator -Simulator $simulator | Out-Null
            $secrets = 'Tr7#kLm2Qz|Hv9!pWx4Rb|Sh0rt|alllowercase42|Qw3\$rtYu9p'
        }

        AfterAll {
            Disconnect-Zoom
        }

        It 'a dry run with -WhatIf changes nothing and names the passwords that break the rules' {
            $problems = $null
            $output = Import-Csv -Path $passwordsCsv | Set-ZoomUserPassword -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            Get-SimulatorRequest -Method PUT -PathLike '*/password' | Should -BeNullOrEmpty
            @($problems | ForEach-Object { $_.TargetObject.UserId } | Sort-Object) | Should -Be @('carol@contoso.com', 'dave@contoso.com')
            $problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Should -Be @('PasswordPolicy', 'PasswordPolicy')
        }

        It 'sets the good passwords with -Confirm:$false and reports every row' {
            $report = Join-Path $TestDrive 'password-results.csv'

            $results = @(Import-Csv -Path $passwordsCsv | Set-ZoomUserPassword -Confirm:$false -ErrorAction SilentlyContinue)
            $results | Export-Csv -Path $report -NoTypeInformation

            $results.Count | Should -Be 4
            @($results | Where-Object Status -eq 'Succeeded' | ForEach-Object UserId | Sort-Object) | Should -Be @('alice@contoso.com', 'bob@contoso.com')
            $simulator.Users['alice@contoso.com'].CurrentPassword | Should -BeExactly 'Tr7#kLm2Qz'
            $simulator.Users['bob@contoso.com'].CurrentPassword | Should -BeExactly 'Hv9!pWx4Rb'
            # Rows that fail the local checks never reach Zoom.
            $simulator.Users.ContainsKey('carol@contoso.com') | Should -BeFalse
            (Get-Content -LiteralPath $report -Raw) | Should -Not -Match $secrets
            ($results | Format-List * | Out-String) | Should -Not -Match $secrets
        }

        It 'takes a SecureString from ConvertTo-SecureString for one user' {
            $password = ConvertTo-SecureString -String 'Qw3$rtYu9p' -AsPlainText -Force

            $result = Set-ZoomUserPassword -UserId 'frank@contoso.com' -Password $password -Confirm:$false

            $result.Status.ToString() | Should -Be 'Succeeded'
            $result.Operation.ToString() | Should -Be 'SetPassword'
            $simulator.Users['frank@contoso.com'].CurrentPassword | Should -BeExactly 'Qw3$rtYu9p'
        }

        It 'passes on Zoom''s refusal of a reused password as PasswordRecentlyUsed' {
            $simulator.Options.PasswordHistory = 3
            $password = ConvertTo-SecureString -String 'Mn4&bVc8Xz' -AsPlainText -Force
            Set-ZoomUserPassword -UserId 'gina@contoso.com' -Password $password -Confirm:$false | Out-Null
            Set-ZoomUserPassword -UserId 'gina@contoso.com' -Password (ConvertTo-SecureString -String 'Pl5*oKi9Uj' -AsPlainText -Force) -Confirm:$false | Out-Null
            $problems = $null

            $result = Set-ZoomUserPassword -UserId 'gina@contoso.com' -Password $password -Confirm:$false -ErrorVariable problems -ErrorAction SilentlyContinue

            $result.ErrorId | Should -Be 'PasswordRecentlyUsed'
            $result.ErrorCode | Should -Be 1129
            $problems[0].FullyQualifiedErrorId | Should -Be 'PasswordRecentlyUsed,ZoomUsers.Commands.SetZoomUserPasswordCommand'
        }
    }
}
