<#
.SYNOPSIS
Builds, tests, documents, packages and publishes the ZoomUsers module.

.DESCRIPTION
A thin task runner over dotnet, Pester, PlatyPS and PSResourceGet. Tasks always run in this order,
whatever order they are given in: Clean, Build, Docs, Test, Package, Publish, Try.

  Build    dotnet build ZoomUsers.sln; the importable module lands in out/ZoomUsers.
  Docs     Refreshes docs/*.md from the built module with PlatyPS, turns them into MAML and about
           help in out/help/en-US, and rebuilds so that out/ZoomUsers/en-US holds them.
  Test     dotnet test ZoomUsers.sln (every test project: engine unit tests and the end-to-end
           suite), then the Pester suite in tests/Pester with the Pester version pinned in
           tests/Pester/Pester.Restore.csproj (restored from NuGet into out/tools/Modules). Its
           simulator journeys and the Gallery install journey need PowerShell 7.6+ on .NET 10, and
           skip elsewhere. Ends with the line "Pester totals: passed=N failed=N skipped=N".
  Package  The PowerShell Gallery .nupkg of out/ZoomUsers, in out/package.
  Publish  Publishes out/ZoomUsers to the PowerShell Gallery with the key in $env:PSGALLERY_API_KEY.
  Clean    Removes out/ and every project's bin/ and obj/.
  Try      An admin's first day on the Zoom simulator, in a clean PowerShell: builds if needed, starts
           the simulator, imports out/ZoomUsers, runs about 200 picture rows through
           Set-ZoomUserPicture -Fit -StatePath twice and a few password rows, prints the report grouped
           by Status and ErrorId, and fails unless every row got the result it should
           (tests/Try/Invoke-FirstDay.ps1; its files land in out/try). Needs only the .NET 10 SDK:
             dotnet tool restore; dotnet tool run pwsh -NoProfile -File ./build.ps1 -Task Try

Runs on Windows PowerShell 5.1 and PowerShell 7. Needs the .NET 10 SDK. The repository pins the
PowerShell it is tested with as a local .NET tool (.config/dotnet-tools.json):
  dotnet tool restore; dotnet tool run pwsh -NoProfile -Command './build.ps1 -Task Build, Test'
(-Command, not -File: -File passes "Build," and "Test" as two strings.)
PlatyPS and PSResourceGet are installed for the current user when missing.

.EXAMPLE
./build.ps1 -Task Build, Test

.EXAMPLE
$env:PSGALLERY_API_KEY = '...'; ./build.ps1 -Task Build, Docs, Test, Package, Publish
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Publish', 'Clean', 'Try')]
    [string[]] $Task = 'Build',

    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# Every PowerShell this script starts (the Docs child, the Pester suite's own children) inherits these:
# no telemetry and no update check, which would reach for the network.
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:POWERSHELL_UPDATECHECK = 'Off'

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleDir = Join-Path $OutDir 'ZoomUsers'
$ModuleManifest = Join-Path $ModuleDir 'ZoomUsers.psd1'
$DocsDir = Join-Path $RepoRoot 'docs'
$HelpDir = Join-Path $OutDir 'help/en-US'
$PackageDir = Join-Path $OutDir 'package'
$TestResultsDir = Join-Path $OutDir 'test-results'
$ToolModulesDir = Join-Path $OutDir 'tools/Modules'

function Write-Step {
    param([string] $Text)
    Write-Host "==> $Text" -ForegroundColor Cyan
}

# Runs a native command and stops the build when it fails; $ErrorActionPreference does not see exit codes.
function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    Write-Host "> $FilePath $($ArgumentList -join ' ')"
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

# Get-PowerShellCommand: this PowerShell as a command line, so child steps run in the same edition and version.
. (Join-Path $RepoRoot 'tests/Shared/ChildPowerShell.ps1')

function Install-ModuleIfMissing {
    param([string] $Name, [version] $MinimumVersion, [version] $MaximumVersion)
    $available = Get-Module -Name $Name -ListAvailable |
        Where-Object { $_.Version -ge $MinimumVersion -and (-not $MaximumVersion -or $_.Version -le $MaximumVersion) }
    if ($available) { return }
    Write-Step "Installing $Name $MinimumVersion or later for the current user"
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # Windows PowerShell's defaults predate the Gallery's TLS 1.2 requirement.
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
    }
    $arguments = @{
        Name               = $Name
        MinimumVersion     = $MinimumVersion
        Scope              = 'CurrentUser'
        Force              = $true
        SkipPublisherCheck = $true
        AllowClobber       = $true
    }
    if ($MaximumVersion) { $arguments['MaximumVersion'] = $MaximumVersion }
    Install-Module @arguments
}

function Invoke-Clean {
    Write-Step 'Clean'
    if (Test-Path -LiteralPath $OutDir) { Remove-Item -LiteralPath $OutDir -Recurse -Force }
    foreach ($project in Get-ChildItem -Path (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests') -Filter '*.csproj' -Recurse -File) {
        foreach ($folder in 'bin', 'obj') {
            $path = Join-Path $project.DirectoryName $folder
            if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
        }
    }
}

function Invoke-Build {
    Write-Step "Build ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'ZoomUsers.sln'), '-c', $Configuration, '--nologo')
    if (-not (Test-Path -LiteralPath $ModuleManifest)) {
        throw "The build did not assemble the module: $ModuleManifest is missing."
    }
    Write-Host "Module: $ModuleDir"
}

function Assert-Built {
    if (-not (Test-Path -LiteralPath $ModuleManifest)) { Invoke-Build }
}

function Invoke-Test {
    Write-Step 'Test: xUnit (every test project in ZoomUsers.sln)'
    if (-not (Test-Path -LiteralPath $TestResultsDir)) { New-Item -ItemType Directory -Path $TestResultsDir | Out-Null }
    $started = Get-Date
    try {
        Invoke-Native dotnet @('test', (Join-Path $RepoRoot 'ZoomUsers.sln'), '-c', $Configuration, '--nologo',
            '--logger', 'trx', '--results-directory', $TestResultsDir)
    }
    finally {
        Write-SkippedTest -ResultsDirectory $TestResultsDir -Since $started
    }

    Write-Step 'Test: Pester'
    Import-PinnedPester
    # The simulator journeys look for the simulator of the configuration just built.
    $env:ZOOMUSERS_CONFIGURATION = $Configuration

    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $RepoRoot 'tests/Pester'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $TestResultsDir "pester-$($PSVersionTable.PSEdition).xml"
    # A failure of Pester itself (not of a test) throws: build.ps1 stops, and .ci/run, finding no
    # totals line, counts the suite as failed.
    $result = Invoke-Pester -Configuration $config
    # A block or file that failed outside an It counts too: its tests never ran.
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    # Read by .ci/run for its closing line.
    Write-Host "Pester totals: passed=$($result.PassedCount) failed=$failed skipped=$($result.SkippedCount)"
    if ($result.Result -ne 'Passed' -or $failed -gt 0) {
        throw "Pester: $($result.FailedCount) test(s) failed, $($result.FailedBlocksCount) block(s) and $($result.FailedContainersCount) file(s) failed."
    }
}

# Each test xUnit skipped, with its reason, from the TRX files written since -Since. dotnet test's
# console counts skipped tests but names the reason only at a verbosity that drops the one-line
# summaries .ci/run reads.
function Write-SkippedTest {
    param([string] $ResultsDirectory, [datetime] $Since)
    foreach ($file in @(Get-ChildItem -LiteralPath $ResultsDirectory -Filter '*.trx' -File | Where-Object { $_.LastWriteTime -ge $Since })) {
        $trx = [xml](Get-Content -LiteralPath $file.FullName -Raw)
        foreach ($result in $trx.GetElementsByTagName('UnitTestResult')) {
            if ($result.GetAttribute('outcome') -ne 'NotExecuted') { continue }
            $reason = @($result.GetElementsByTagName('Message') | ForEach-Object { $_.InnerText }) -join ' '
            if (-not $reason) { $reason = 'no reason given' }
            Write-Host "Skipped $($result.GetAttribute('testName')): $reason" -ForegroundColor Yellow
        }
    }
}

# The Pester that tests/Pester/Pester.Restore.csproj pins, restored from NuGet into out/tools/Modules
# (which goes first on PSModulePath): the same version on every machine, nothing installed for the user.
function Import-PinnedPester {
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'tests/Pester/Pester.Restore.csproj'), '--nologo', '-v', 'quiet')
    $separator = [System.IO.Path]::PathSeparator
    if (-not (@($env:PSModulePath -split $separator) -contains $ToolModulesDir)) {
        $env:PSModulePath = $ToolModulesDir + $separator + $env:PSModulePath
    }
    $manifest = @(Get-ChildItem -Path (Join-Path $ToolModulesDir 'Pester/*/Pester.psd1') -File)
    if ($manifest.Count -ne 1) { throw "Expected one Pester in $ToolModulesDir, found $($manifest.Count)." }
    Get-Module -Name Pester | Remove-Module -Force
    Import-Module -Name $manifest[0].FullName -Force
    Write-Host "Pester $((Get-Module -Name Pester).Version) from $($manifest[0].DirectoryName)"
}

# Removes what PlatyPS 0.14 writes for -ProgressAction, a common parameter since PowerShell 7.4 that it
# does not know to leave out.
function Remove-ProgressActionFromDoc {
    param([string] $Path)
    $text = [System.IO.File]::ReadAllText($Path)
    $clean = [regex]::Replace($text, '(?ms)^### -ProgressAction\r?\n.*?(?=^### |^## )', '')
    $clean = [regex]::Replace($clean, '\s*\[-ProgressAction <ActionPreference>\]', '')
    if ($clean -ne $text) {
        [System.IO.File]::WriteAllText($Path, $clean, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
    }
}

# Runs in a child PowerShell (see Invoke-Docs); a script block rather than a string, so that it is
# parsed, and checked, with this file.
$RefreshDocsScript = {
    param([string] $ModuleManifest, [string] $DocsDir)
    $ErrorActionPreference = 'Stop'
    Import-Module -Name platyPS -MaximumVersion 0.14.99
    Import-Module -Name $ModuleManifest -Force
    $module = Get-Module -Name ZoomUsers
    foreach ($name in $module.ExportedCmdlets.Keys) {
        $page = Join-Path $DocsDir "$name.md"
        if (Test-Path -LiteralPath $page) {
            Update-MarkdownHelp -Path $page -AlphabeticParamsOrder:$false -ExcludeDontShow | Out-Null
        }
        else {
            New-MarkdownHelp -Command $name -OutputFolder $DocsDir -AlphabeticParamsOrder:$false -ExcludeDontShow | Out-Null
            Write-Warning "New page ${page}: write its synopsis, description and examples."
        }
    }
}

function Invoke-Docs {
    Assert-Built
    Write-Step 'Docs: refresh docs/*.md from the built module'
    Install-ModuleIfMissing -Name platyPS -MinimumVersion '0.14.2' -MaximumVersion '0.14.99'

    # In a child process: importing the module locks its DLLs on Windows, and the rebuild below must
    # replace them.
    $refresh = Join-Path $OutDir 'refresh-docs.ps1'
    Set-Content -LiteralPath $refresh -Encoding UTF8 -Value $RefreshDocsScript.ToString()
    $powershell = Get-PowerShellCommand
    Invoke-Native $powershell[0] (@($powershell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $refresh, '-ModuleManifest', $ModuleManifest, '-DocsDir', $DocsDir))
    Remove-Item -LiteralPath $refresh
    foreach ($page in Get-ChildItem -LiteralPath $DocsDir -Filter '*.md' -File) {
        Remove-ProgressActionFromDoc -Path $page.FullName
    }

    Write-Step "Docs: MAML and about help -> $HelpDir"
    Import-Module -Name platyPS -MaximumVersion '0.14.99'
    if (Test-Path -LiteralPath $HelpDir) { Remove-Item -LiteralPath $HelpDir -Recurse -Force }
    New-Item -ItemType Directory -Path $HelpDir | Out-Null
    # The cmdlet pages (PlatyPS's front matter first) and the about topics; docs/ also holds reference
    # pages for GitHub readers (troubleshooting, benchmarks, ...) that are not help.
    $helpPages = @(Get-ChildItem -LiteralPath $DocsDir -Filter '*.md' -File | Where-Object {
            $_.Name -like 'about_*' -or (Get-Content -LiteralPath $_.FullName -TotalCount 1) -eq '---'
        } | ForEach-Object { $_.FullName })
    New-ExternalHelp -Path $helpPages -OutputPath $HelpDir -Force | Out-Null
    foreach ($expected in 'ZoomUsers.dll-Help.xml', 'about_ZoomUsers.help.txt') {
        if (-not (Test-Path -LiteralPath (Join-Path $HelpDir $expected))) { throw "New-ExternalHelp did not write $expected." }
    }

    # Module.targets copies out/help/en-US into the module's en-US folder.
    Invoke-Build
}

# .NET reports no LocalApplicationData folder while it does not exist (a fresh CI home on Linux), and
# PSResourceGet then keeps its repository list in a folder relative to the current location.
function Initialize-LocalApplicationData {
    if ([System.Environment]::GetFolderPath('LocalApplicationData')) { return }
    $data = Join-Path $HOME '.local/share'
    if ($env:XDG_DATA_HOME) { $data = $env:XDG_DATA_HOME }
    New-Item -ItemType Directory -Path $data -Force | Out-Null
}

# The Gallery's own packaging (PSResourceGet), so the .nupkg is the one Publish would upload.
function Invoke-Package {
    Assert-Built
    Write-Step "Package -> $PackageDir"
    Initialize-LocalApplicationData
    Install-ModuleIfMissing -Name Microsoft.PowerShell.PSResourceGet -MinimumVersion '1.0.0'
    Import-Module -Name Microsoft.PowerShell.PSResourceGet -MinimumVersion '1.0.0'
    if (Test-Path -LiteralPath $PackageDir) { Remove-Item -LiteralPath $PackageDir -Recurse -Force }
    New-Item -ItemType Directory -Path $PackageDir | Out-Null

    if (Get-Command -Name Compress-PSResource -ErrorAction SilentlyContinue) {
        Compress-PSResource -Path $ModuleDir -DestinationPath $PackageDir
    }
    else {
        $repository = 'ZoomUsersBuild-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Register-PSResourceRepository -Name $repository -Uri $PackageDir -Trusted
        try {
            Publish-PSResource -Path $ModuleDir -Repository $repository
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }
    }

    $package = @(Get-ChildItem -LiteralPath $PackageDir -Filter '*.nupkg' -File)
    if ($package.Count -ne 1) { throw "Expected one .nupkg in $PackageDir, found $($package.Count)." }
    Assert-PackageContent -Package $package[0].FullName
    Write-Host "Package: $($package[0].FullName)"
}

# The package must hold the module folder, file for file: nothing lost, nothing added.
function Assert-PackageContent {
    param([string] $Package)
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
    try {
        $packaged = @($zip.Entries | Where-Object { -not $_.FullName.EndsWith('/') } |
            ForEach-Object { [System.Uri]::UnescapeDataString($_.FullName) } |
            Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$)' -and $_ -notmatch '\.nuspec$' })
    }
    finally {
        $zip.Dispose()
    }
    $prefix = $ModuleDir.TrimEnd('\', '/').Length + 1
    $expected = @(Get-ChildItem -LiteralPath $ModuleDir -Recurse -File | ForEach-Object { $_.FullName.Substring($prefix).Replace('\', '/') })
    $difference = Compare-Object -ReferenceObject ($expected | Sort-Object) -DifferenceObject ($packaged | Sort-Object)
    if ($difference) {
        $lines = $difference | ForEach-Object {
            if ($_.SideIndicator -eq '<=') { "missing from the package: $($_.InputObject)" } else { "only in the package: $($_.InputObject)" }
        }
        throw "The package does not match $ModuleDir`n$($lines -join "`n")"
    }
}

function Invoke-Publish {
    Assert-Built
    Write-Step 'Publish to the PowerShell Gallery'
    $apiKey = $env:PSGALLERY_API_KEY
    if ([string]::IsNullOrWhiteSpace($apiKey)) {
        throw 'PSGALLERY_API_KEY is not set: put the PowerShell Gallery API key in that environment variable (a repository secret in CI).'
    }
    Initialize-LocalApplicationData
    Install-ModuleIfMissing -Name Microsoft.PowerShell.PSResourceGet -MinimumVersion '1.0.0'
    Import-Module -Name Microsoft.PowerShell.PSResourceGet -MinimumVersion '1.0.0'
    if (-not (Get-PSResourceRepository -Name PSGallery -ErrorAction SilentlyContinue)) {
        Register-PSResourceRepository -PSGallery
    }
    Publish-PSResource -Path $ModuleDir -Repository PSGallery -ApiKey $apiKey
    $version = (Import-PowerShellDataFile -LiteralPath $ModuleManifest).ModuleVersion
    Write-Host "Published ZoomUsers $version."
}

# The admin's first day on the simulator (tests/Try/Invoke-FirstDay.ps1), in a clean child PowerShell
# of the same edition: -NoProfile, nothing of this session's imported modules or variables.
function Invoke-Try {
    $simulator = Join-Path $RepoRoot "tests/ZoomUsers.Simulator/bin/$Configuration/net10.0/ZoomUsers.Simulator.dll"
    # The solution's build makes both the module and the simulator.
    if (-not (Test-Path -LiteralPath $ModuleManifest) -or -not (Test-Path -LiteralPath $simulator)) { Invoke-Build }
    Write-Step 'Try: an admin''s first day on the Zoom simulator'
    $powershell = Get-PowerShellCommand
    Invoke-Native $powershell[0] (@($powershell | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File',
            (Join-Path $RepoRoot 'tests/Try/Invoke-FirstDay.ps1'), '-ModuleManifest', $ModuleManifest,
            '-SimulatorAssembly', $simulator, '-WorkFolder', (Join-Path $OutDir 'try')))
}

$order = 'Clean', 'Build', 'Docs', 'Test', 'Package', 'Publish', 'Try'
foreach ($step in $order) {
    if ($Task -notcontains $step) { continue }
    switch ($step) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Docs' { Invoke-Docs }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Publish' { Invoke-Publish }
        'Try' { Invoke-Try }
    }
}
