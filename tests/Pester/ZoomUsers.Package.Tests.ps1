# The PowerShell Gallery path as a user takes it, with a local folder in the Gallery's place:
# build.ps1 -Task Package makes the .nupkg, then a fresh pwsh with a throwaway home registers that
# folder as a PSResourceGet repository, runs Install-PSResource ZoomUsers, imports the module by name
# and uploads one picture to the Zoom simulator (running in this PowerShell). The installed files must
# be the module folder out/ZoomUsers, file for file and byte for byte.
#
#   ./build.ps1 -Task Build
#   Invoke-Pester -Path tests/Pester -Tag Package -Output Detailed

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
    $packageProblem = Get-ZoomSimulatorProblem
    if (-not $packageProblem -and $IsWindows) {
        # CurrentUser scope is the Documents folder there, which no environment variable moves.
        $packageProblem = 'Install-PSResource -Scope CurrentUser cannot be pointed at a throwaway folder on Windows; this journey runs on Linux and macOS.'
    }
    if ($packageProblem) {
        Write-Warning "Skipping the Gallery install journey: $packageProblem"
    }
}

Describe 'Installing the package from a PSResourceGet repository' -Tag 'Simulator', 'Package' -Skip:([bool]$packageProblem) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ZoomUsers.TestHelpers.ps1')
        $repoRoot = Get-ZoomUsersRepoRoot
        $moduleDir = Split-Path -Path (Get-ZoomUsersManifestPath) -Parent
        $version = (Import-PowerShellDataFile -LiteralPath (Get-ZoomUsersManifestPath)).ModuleVersion
        $packageDir = Join-Path $repoRoot 'out/package'

        . (Join-Path $repoRoot 'tests/Shared/ChildPowerShell.ps1')

        # 1. The package, made by build.ps1 as the release does it.
        $package = Invoke-ChildPowerShell -WorkingDirectory $TestDrive -Arguments @('-File', (Join-Path $repoRoot 'build.ps1'), '-Task', 'Package')
        $nupkgs = @(Get-ChildItem -Path (Join-Path $packageDir '*.nupkg') -File -ErrorAction SilentlyContinue)

        # 2. A fresh pwsh whose home, and so its CurrentUser module folder and PSResourceGet's repository
        # list, is a folder of this test; PSModulePath is left to pwsh's defaults for that home.
        $simulator = Start-ZoomSimulator
        $userHome = Join-Path $TestDrive 'home'
        # As in any used home: .NET reports no LocalApplicationData folder while ~/.local/share does not
        # exist, and PSResourceGet then keeps its repository list relative to the current location.
        New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share') | Out-Null
        $picture = New-TestPicture -Path (Join-Path $TestDrive 'installed.jpg') -Kind Jpeg -Size 3000
        $journeyScript = Join-Path $TestDrive 'install-journey.ps1'
        $journeyResult = Join-Path $TestDrive 'install-journey.json'
        Set-Content -LiteralPath $journeyScript -Encoding UTF8 -Value @'
param([string] $PackageDir, [string] $Version, [string] $PicturePath, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name ZoomUsersLocal -Uri $PackageDir -Trusted
Install-PSResource -Name ZoomUsers -Version $Version -Repository ZoomUsersLocal -Scope CurrentUser -TrustRepository -Quiet
Import-Module -Name ZoomUsers
$module = Get-Module -Name ZoomUsers
# Connects from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_TOKEN_URI and ZOOM_API_BASE_URI.
$result = Set-ZoomUserPicture -UserId 'installed@contoso.com' -Path $PicturePath
[pscustomobject]@{
    ModuleBase = $module.ModuleBase
    Version    = $module.Version.ToString()
    Status     = $result.Status.ToString()
    HttpStatus = $result.HttpStatus
    ErrorId    = $result.ErrorId
    Message    = $result.Message
} | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding UTF8
'@
        $environment = @{
            HOME               = $userHome
            XDG_DATA_HOME      = Join-Path $userHome '.local/share'
            XDG_CONFIG_HOME    = Join-Path $userHome '.config'
            XDG_CACHE_HOME     = Join-Path $userHome '.cache'
            PSModulePath       = $null
            ZOOM_ACCOUNT_ID    = $simulator.Options.AccountId
            ZOOM_CLIENT_ID     = $simulator.Options.ClientId
            ZOOM_CLIENT_SECRET = $simulator.Options.ClientSecret
            ZOOM_TOKEN_URI     = $simulator.TokenUri.AbsoluteUri
            ZOOM_API_BASE_URI  = $simulator.ApiBaseUri.AbsoluteUri
        }
        $install = Invoke-ChildPowerShell -WorkingDirectory $TestDrive -Environment $environment -Arguments @('-File', $journeyScript,
            '-PackageDir', $packageDir, '-Version', $version, '-PicturePath', (Join-Path $TestDrive 'installed.jpg'), '-ResultPath', $journeyResult)
        $journey = $null
        if (Test-Path -LiteralPath $journeyResult) { $journey = Get-Content -LiteralPath $journeyResult -Raw | ConvertFrom-Json }

        # Relative path and SHA-256 of every file under a folder, one line each.
        function Get-FolderFingerprint {
            param([string] $Path)
            $root = [System.IO.Path]::GetFullPath($Path).TrimEnd('\', '/')
            @(Get-ChildItem -LiteralPath $root -Recurse -File | ForEach-Object {
                    '{0} {1}' -f $_.FullName.Substring($root.Length + 1).Replace('\', '/'), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
                } | Sort-Object)
        }
    }

    AfterAll {
        Stop-ZoomSimulator -Simulator $simulator
    }

    It 'build.ps1 -Task Package makes ZoomUsers.<version>.nupkg' {
        $package.ExitCode | Should -Be 0 -Because $package.Errors
        @($nupkgs | ForEach-Object Name) | Should -Be @("ZoomUsers.$version.nupkg")
    }

    It 'Install-PSResource installs it for the current user and Import-Module finds it by name' {
        $install.ExitCode | Should -Be 0 -Because "$($install.Errors)`n$($install.Output)"
        $journey.Version | Should -Be $version
        $expectedBase = Join-Path $userHome ".local/share/powershell/Modules/ZoomUsers/$version"
        $journey.ModuleBase | Should -Be $expectedBase
    }

    It 'the installed module uploads a picture' {
        $journey.Status | Should -Be 'Succeeded' -Because "$($journey.ErrorId): $($journey.Message)"
        $journey.HttpStatus | Should -Be 201
        [Convert]::ToBase64String($simulator.Users['installed@contoso.com'].Picture) | Should -Be ([Convert]::ToBase64String($picture))
    }

    It 'installs exactly the files of out/ZoomUsers, byte for byte' {
        $installed = Get-FolderFingerprint -Path $journey.ModuleBase |
            Where-Object { $_ -notmatch '^PSGetModuleInfo\.xml ' }
        $built = Get-FolderFingerprint -Path $moduleDir
        @($built).Count | Should -BeGreaterThan 5 -Because 'out/ZoomUsers holds the manifest, the DLLs and their dependencies'
        $installed | Should -Be $built
        Test-Path -LiteralPath (Join-Path $journey.ModuleBase 'PSGetModuleInfo.xml') | Should -BeTrue -Because 'PSResourceGet records what it installed there'
    }
}
