<#
.SYNOPSIS
CI's Windows legs only: makes a throwaway CA and adds its root to this machine's root store, so that
.NET (which on Windows trusts only the Windows certificate store) trusts the HTTPS simulators the tests
start, the way an admin's machine trusts a CA: validation stays on. Never run it on your own machine.

.DESCRIPTION
The simulator's make-ca writes ca.pem, ca.cer and ca.pfx (the root with its private key) to -Folder.
The root (ca.cer) goes into Cert:\LocalMachine\Root (the runner is an administrator; the current user's
root store would ask in a dialog). ZOOMUSERS_TEST_CA, set for the job's later steps through GITHUB_ENV,
names ca.pfx: the xUnit tests (tests/ZoomUsers.Tests/Harness/TestTrust.cs), tests/Try/Invoke-FirstDay.ps1
and tests/WindowsPowerShell/Invoke-SmokeRun.ps1 issue their server certificates from it.
.ci/remove-test-ca.ps1 takes the root out again; the workflow runs it whatever happened.
Runs on Windows PowerShell 5.1 and PowerShell 7.
#>
[CmdletBinding()]
param(
    [string] $Folder = (Join-Path ([System.IO.Path]::GetTempPath()) 'zoomusers-test-ca'),
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot

& dotnet run --project (Join-Path $root 'tests/ZoomUsers.Simulator') -c $Configuration -- make-ca $Folder
if ($LASTEXITCODE -ne 0) { throw "make-ca failed ($LASTEXITCODE)" }
$pkcs12 = Join-Path $Folder 'ca.pfx'
$certificate = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (Join-Path $Folder 'ca.cer')

$store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'Root', 'LocalMachine'
$store.Open('ReadWrite')
try { $store.Add($certificate) } finally { $store.Close() }
"Added $($certificate.Subject) ($($certificate.Thumbprint)) to Cert:\LocalMachine\Root"

# GitHub's documented form for both PowerShells: later steps of the job see the variable.
if ($env:GITHUB_ENV) { "ZOOMUSERS_TEST_CA=$pkcs12" | Out-File -FilePath $env:GITHUB_ENV -Encoding utf8 -Append }
"ZOOMUSERS_TEST_CA=$pkcs12"
