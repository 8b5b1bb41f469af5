# The module as a user imports it, on whichever PowerShell runs Pester: Windows PowerShell 5.1 and
# PowerShell 7 alike. Nothing here needs the Zoom simulator (tag NoSimulator), and nothing reaches the
# network: the dry runs connect with an access token to a loopback port that nobody listens on.
#
#   Invoke-Pester -Path tests/Pester -Tag NoSimulator

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
    $cmdletNames = Get-ZoomUsersCmdletName
}

Describe 'The ZoomUsers module' -Tag 'NoSimulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
        $manifestPath = Get-ZoomUsersManifestPath
        Import-Module -Name $manifestPath -Force -ErrorAction Stop
    }

    AfterAll {
        Remove-Module -Name ZoomUsers -Force -ErrorAction SilentlyContinue
    }

    It 'exports exactly its cmdlets' {
        $module = Get-Module -Name ZoomUsers
        @($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be (Get-ZoomUsersCmdletName)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        @(Get-Command -Module ZoomUsers | Where-Object CommandType -eq 'Cmdlet' | ForEach-Object Name | Sort-Object) | Should -Be (Get-ZoomUsersCmdletName)
    }

    It 'has a manifest that Test-ModuleManifest accepts, for this edition of PowerShell' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'ZoomUsers'
        $info.CompatiblePSEditions | Should -Contain $PSVersionTable.PSEdition
        $info.PowerShellVersion | Should -Be ([version]'5.1')
        $info.PrivateData.PSData.Tags | Should -Contain "PSEdition_$($PSVersionTable.PSEdition)"
        $info.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'has the version of its assemblies' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $dll = Join-Path (Split-Path -Path $manifestPath -Parent) 'ZoomUsers.dll'
        $assemblyVersion = [System.Reflection.AssemblyName]::GetAssemblyName($dll).Version
        $assemblyVersion.ToString(3) | Should -Be $info.Version.ToString(3)
        ([version](Get-Item -LiteralPath $dll).VersionInfo.FileVersion).ToString(3) | Should -Be $info.Version.ToString(3)
    }

    It 'shows help for <_>' -ForEach $cmdletNames {
        $help = Get-Help -Name $_
        $help.Name | Should -Be $_
        $maml = Join-Path (Split-Path -Path $manifestPath -Parent) 'en-US/ZoomUsers.dll-Help.xml'
        if (Test-Path -LiteralPath $maml) {
            ($help.Synopsis -replace '\s+', ' ').Trim() | Should -Be (Get-ZoomUsersDocSynopsis -Name $_)
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        }
        else {
            # Without the MAML that build.ps1 -Task Docs makes, PowerShell shows the syntax instead.
            $help.Synopsis | Should -Match ([regex]::Escape($_))
        }
    }

    It 'shows the about topic when the help was built' {
        $topic = Join-Path (Split-Path -Path $manifestPath -Parent) 'en-US/about_ZoomUsers.help.txt'
        if (-not (Test-Path -LiteralPath $topic)) {
            Set-ItResult -Skipped -Because 'build.ps1 -Task Docs has not built the help'
            return
        }
        (Get-Help -Name about_ZoomUsers | Out-String) | Should -Match 'ErrorId'
    }

    Context 'without a connection' {
        BeforeAll {
            # The cmdlets connect from these by themselves; a developer's own must not leak in.
            $savedEnvironment = @{}
            foreach ($name in 'ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET') {
                $savedEnvironment[$name] = [System.Environment]::GetEnvironmentVariable($name)
                [System.Environment]::SetEnvironmentVariable($name, $null)
            }
            Disconnect-Zoom
        }

        AfterAll {
            foreach ($name in $savedEnvironment.Keys) {
                [System.Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
            }
        }

        It 'Get-ZoomConnection writes nothing' {
            Get-ZoomConnection | Should -BeNullOrEmpty
        }

        It 'Disconnect-Zoom is quiet' {
            { Disconnect-Zoom -ErrorAction Stop } | Should -Not -Throw
        }

        It 'Set-ZoomUserPicture stops with NotConnected' {
            { Set-ZoomUserPicture -UserId alice@contoso.com -Path alice.jpg -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotConnected,ZoomUsers.Commands.SetZoomUserPictureCommand'
        }

        It 'Connect-Zoom without credentials names the missing environment variables' {
            { Connect-Zoom -ErrorAction Stop } | Should -Throw -ErrorId 'ZoomCredentialsMissing,ZoomUsers.Commands.ConnectZoomCommand'
        }

        It 'Connect-Zoom refuses to send credentials over http to another computer' {
            $token = ConvertTo-SecureString -String 'not-a-real-token' -AsPlainText -Force
            { Connect-Zoom -AccessToken $token -ApiBaseUri 'http://zoom.invalid/v2' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidConnectionParameter,ZoomUsers.Commands.ConnectZoomCommand'
        }
    }

    Context 'dry runs from CSV files' {
        BeforeAll {
            $token = ConvertTo-SecureString -String 'offline-token' -AsPlainText -Force
            # Port 9 (discard) on loopback: any request would be refused at once, and -WhatIf sends none.
            $connection = Connect-Zoom -AccessToken $token -ApiBaseUri 'http://127.0.0.1:9/v2' -MaxRetryCount 0 -TimeoutSec 5

            New-TestPicture -Path (Join-Path $TestDrive 'alice.jpg') -Kind Jpeg | Out-Null
            New-TestPicture -Path (Join-Path $TestDrive 'photos/bob.png') -Kind Png | Out-Null
            New-TestPicture -Path (Join-Path $TestDrive 'not-a-picture.jpg') -Kind Text | Out-Null
            $picturesCsv = Join-Path $PSScriptRoot 'fixtures/pictures.csv'
            $passwordsCsv = Join-Path $PSScriptRoot 'fixtures/passwords.csv'
            # The CSV's picture paths are relative: they resolve against the PowerShell location.
            Push-Location -LiteralPath $TestDrive
        }

        AfterAll {
            Pop-Location
            Disconnect-Zoom
        }

        It 'connects with an access token without contacting Zoom' {
            $connection.AuthenticationType | Should -Be 'AccessToken'
            $connection.ApiBaseUri.AbsoluteUri | Should -Be 'http://127.0.0.1:9/v2'
            ($connection | Out-String) | Should -Not -Match 'offline-token'
        }

        It 'Set-ZoomUserPicture -WhatIf writes no result and an error for each bad row' {
            $problems = $null
            $output = Import-Csv -Path $picturesCsv | Set-ZoomUserPicture -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $ids = @($problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object)
            $ids | Should -Be @('PictureFormatUnsupported', 'PictureNotFound', 'UserIdMissing')
            ($problems | Where-Object { $_.TargetObject.UserId -eq 'carol@contoso.com' }).Exception.Message | Should -Match 'missing\.jpg'
        }

        It 'Set-ZoomUserPassword -WhatIf checks every password against the rules, and never shows one' {
            $problems = $null
            $output = Import-Csv -Path $passwordsCsv | Set-ZoomUserPassword -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            @($problems).Count | Should -Be 2
            $problems | ForEach-Object { $_.FullyQualifiedErrorId } |
                Should -Be @('PasswordPolicy,ZoomUsers.Commands.SetZoomUserPasswordCommand', 'PasswordPolicy,ZoomUsers.Commands.SetZoomUserPasswordCommand')
            @($problems | ForEach-Object { $_.TargetObject.UserId } | Sort-Object) | Should -Be @('carol@contoso.com', 'dave@contoso.com')
            ($problems | Out-String) | Should -Not -Match 'Sh0rt|alllowercase42'
        }
    }
}
