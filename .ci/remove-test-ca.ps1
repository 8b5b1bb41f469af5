<#
.SYNOPSIS
CI's Windows legs only: takes the root .ci/add-test-ca.ps1 added out of Cert:\LocalMachine\Root and
deletes the CA's files (ZOOMUSERS_TEST_CA names its ca.pfx; ca.cer beside it is the root). Does nothing
when there is nothing to remove. Runs on Windows PowerShell 5.1 and PowerShell 7.
#>
[CmdletBinding()]
param([string] $CaFile = $env:ZOOMUSERS_TEST_CA)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not $CaFile) { 'ZOOMUSERS_TEST_CA is not set: no test CA to remove'; return }
$folder = Split-Path -Parent $CaFile
$cer = Join-Path $folder 'ca.cer'
if (Test-Path -LiteralPath $cer) {
    $certificate = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $cer
    $store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'Root', 'LocalMachine'
    $store.Open('ReadWrite')
    try { $store.Remove($certificate) } finally { $store.Close() }
    "Removed $($certificate.Subject) ($($certificate.Thumbprint)) from Cert:\LocalMachine\Root"
}
Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
