# Shared by the Pester files: where the built module and the simulator are, and how to start the
# simulator inside PowerShell. Dot-source it in BeforeDiscovery (for -Skip) and in BeforeAll.
# Windows PowerShell 5.1 parses this file too: keep to its syntax.

function Get-ZoomUsersRepoRoot {
    [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
}

function Get-ZoomUsersManifestPath {
    $path = Join-Path (Get-ZoomUsersRepoRoot) 'out/ZoomUsers/ZoomUsers.psd1'
    if (-not (Test-Path -LiteralPath $path)) {
        throw "The module is not built: $path is missing. Run ./build.ps1 -Task Build first."
    }
    $path
}

function Get-ZoomUsersCmdletName {
    @('Backup-ZoomUserPicture', 'Connect-Zoom', 'Disconnect-Zoom', 'Get-ZoomConnection', 'Get-ZoomUser', 'Remove-ZoomUserPicture', 'Restore-ZoomUserPicture', 'Set-ZoomUserPassword', 'Set-ZoomUserPicture')
}

# The synopsis a cmdlet's page in docs/ gives, which Get-Help shows once build.ps1 -Task Docs made the MAML.
function Get-ZoomUsersDocSynopsis {
    param([Parameter(Mandatory)] [string] $Name)
    $lines = Get-Content -LiteralPath (Join-Path (Get-ZoomUsersRepoRoot) "docs/$Name.md")
    $start = [array]::IndexOf($lines, '## SYNOPSIS')
    $text = @()
    for ($i = $start + 1; $i -lt $lines.Count -and -not $lines[$i].StartsWith('## '); $i++) {
        if ($lines[$i].Trim()) { $text += $lines[$i].Trim() }
    }
    $text -join ' '
}

# Bytes that pass (or, for Text, fail) the module's content check: JPEG and PNG are judged by their
# first bytes, so random bytes behind the right signature make a valid test picture.
function New-TestPicture {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [ValidateSet('Jpeg', 'Png', 'Text')] [string] $Kind = 'Jpeg',
        [int] $Size = 4096
    )
    if ($Kind -eq 'Text') {
        $bytes = [System.Text.Encoding]::ASCII.GetBytes('This is not a picture.')
    }
    else {
        $bytes = New-Object -TypeName byte[] -ArgumentList $Size
        (New-Object -TypeName System.Random -ArgumentList $Size).NextBytes($bytes)
        if ($Kind -eq 'Jpeg') { $signature = [byte[]](0xFF, 0xD8, 0xFF, 0xE0) }
        else { $signature = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) }
        [System.Array]::Copy($signature, $bytes, $signature.Length)
    }
    $folder = Split-Path -Path $Path -Parent
    if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder | Out-Null }
    [System.IO.File]::WriteAllBytes($Path, $bytes)
    , $bytes
}

# Why the simulator cannot run in this PowerShell, or $null when it can. It is a .NET 10 ASP.NET Core
# library: Windows PowerShell (.NET Framework) and PowerShell before 7.6 (.NET 9 and older) cannot load it.
function Get-ZoomSimulatorProblem {
    if ($PSVersionTable.PSEdition -ne 'Core') {
        return "Windows PowerShell $($PSVersionTable.PSVersion) cannot host the Zoom simulator (.NET 10 and ASP.NET Core 10): run these journeys with PowerShell 7.6 or later."
    }
    if ([System.Environment]::Version.Major -lt 10) {
        return "PowerShell $($PSVersionTable.PSVersion) runs on .NET $([System.Environment]::Version); the Zoom simulator needs PowerShell 7.6 or later on .NET 10."
    }
    if (-not (Find-ZoomSimulatorAssembly)) {
        return 'tests/ZoomUsers.Simulator is not built: run ./build.ps1 -Task Build (or dotnet build ZoomUsers.sln) first.'
    }
    if (-not (Find-AspNetCoreFramework)) {
        return "No ASP.NET Core $([System.Environment]::Version.Major).x shared framework was found next to dotnet: install the .NET $([System.Environment]::Version.Major) SDK or the ASP.NET Core runtime, or set DOTNET_ROOT."
    }
    $null
}

function Find-ZoomSimulatorAssembly {
    if ($env:ZOOMUSERS_SIMULATOR_DLL -and (Test-Path -LiteralPath $env:ZOOMUSERS_SIMULATOR_DLL)) {
        return $env:ZOOMUSERS_SIMULATOR_DLL
    }
    $bin = Join-Path (Get-ZoomUsersRepoRoot) 'tests/ZoomUsers.Simulator/bin'
    if (-not (Test-Path -LiteralPath $bin)) { return $null }
    $found = @(Get-ChildItem -LiteralPath $bin -Filter 'ZoomUsers.Simulator.dll' -Recurse -File |
        Sort-Object -Property LastWriteTimeUtc -Descending)
    # build.ps1 tells which configuration it built; otherwise the newest build wins.
    if ($env:ZOOMUSERS_CONFIGURATION) {
        $matching = @($found | Where-Object { $_.FullName -match "[\\/]$([regex]::Escape($env:ZOOMUSERS_CONFIGURATION))[\\/]" })
        if ($matching.Count -gt 0) { $found = $matching }
    }
    if ($found.Count -eq 0) { return $null }
    $found[0].FullName
}

# pwsh loads only Microsoft.NETCore.App; the simulator also needs Microsoft.AspNetCore.App of the same
# major version, which lives beside the runtime in a dotnet installation.
function Find-AspNetCoreFramework {
    $major = [System.Environment]::Version.Major
    $roots = [System.Collections.Generic.List[string]]::new()
    $runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory().TrimEnd('\', '/')
    # .../dotnet/shared/Microsoft.NETCore.App/10.0.x -> .../dotnet (pwsh running as a .NET tool)
    $roots.Add([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetDirectoryName($runtime))))
    if ($env:DOTNET_ROOT) { $roots.Add($env:DOTNET_ROOT) }
    $dotnet = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($dotnet) {
        $item = Get-Item -LiteralPath $dotnet.Source
        # /usr/bin/dotnet is often a link into the installation folder.
        if ($item.LinkTarget) {
            $target = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine((Split-Path -Path $item.FullName -Parent), $item.LinkTarget))
            $roots.Add([System.IO.Path]::GetDirectoryName($target))
        }
        $roots.Add((Split-Path -Path $item.FullName -Parent))
    }
    foreach ($default in @("$env:ProgramFiles/dotnet", '/usr/share/dotnet', '/usr/lib/dotnet', '/usr/local/share/dotnet', "$HOME/.dotnet")) {
        $roots.Add($default)
    }

    foreach ($root in $roots) {
        if (-not $root) { continue }
        $shared = Join-Path $root 'shared/Microsoft.AspNetCore.App'
        if (-not (Test-Path -LiteralPath $shared)) { continue }
        $best = Get-ChildItem -LiteralPath $shared -Directory |
            Where-Object { $_.Name -match '^(\d+)\.\d+\.\d+$' -and [int]$Matches[1] -eq $major } |
            Sort-Object -Property { [version]($_.Name) } -Descending |
            Select-Object -First 1
        if ($best) { return $best.FullName }
    }
    $null
}

# Loads the simulator into this PowerShell and starts it on a random loopback port.
function Start-ZoomSimulator {
    param([object] $Options)
    $simulatorPath = Find-ZoomSimulatorAssembly
    $aspNetCore = Find-AspNetCoreFramework
    if (-not ('ZoomUsersPester.SharedFrameworkResolver' -as [type])) {
        # C#, not a script block: assemblies are also resolved on Kestrel's threads, where no runspace is.
        Add-Type -TypeDefinition @'
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace ZoomUsersPester
{
    public static class SharedFrameworkResolver
    {
        private static string[] s_folders = new string[0];
        private static bool s_hooked;

        public static void Register(string[] folders)
        {
            s_folders = folders;
            if (s_hooked) return;
            s_hooked = true;
            AssemblyLoadContext.Default.Resolving += Resolve;
        }

        private static Assembly Resolve(AssemblyLoadContext context, AssemblyName name)
        {
            foreach (var folder in s_folders)
            {
                var path = Path.Combine(folder, name.Name + ".dll");
                if (File.Exists(path)) return context.LoadFromAssemblyPath(path);
            }
            return null;
        }
    }
}
'@
    }
    [ZoomUsersPester.SharedFrameworkResolver]::Register([string[]]@((Split-Path -Path $simulatorPath -Parent), $aspNetCore))
    if (-not ('ZoomUsers.Simulator.ZoomSimulator' -as [type])) {
        Add-Type -Path $simulatorPath
    }
    if (-not $Options) { $Options = New-Object -TypeName ZoomUsers.Simulator.SimulatorOptions }
    [ZoomUsers.Simulator.ZoomSimulator]::StartAsync($Options).GetAwaiter().GetResult()
}

function Stop-ZoomSimulator {
    param([object] $Simulator)
    if ($Simulator) { $null = $Simulator.DisposeAsync().AsTask().GetAwaiter().GetResult() }
}

# Connects the session to the simulator's default account the way a user connects to Zoom.
function Connect-ZoomSimulator {
    param([Parameter(Mandatory)] [object] $Simulator)
    $secret = ConvertTo-SecureString -String $Simulator.Options.ClientSecret -AsPlainText -Force
    Connect-Zoom -AccountId $Simulator.Options.AccountId -ClientId $Simulator.Options.ClientId -ClientSecret $secret `
        -TokenUri $Simulator.TokenUri -ApiBaseUri $Simulator.ApiBaseUri
}
