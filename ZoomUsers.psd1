@{
    # The module version lives here and only here: src/Directory.Build.props stamps it into every assembly.
    ModuleVersion        = '0.1.0'
    RootModule           = 'ZoomUsers.dll'
    GUID                 = 'e2d9c679-654b-49d7-9320-fcfa9f49db43'
    Author               = 'ZoomUsers contributors'
    CompanyName          = 'ZoomUsers contributors'
    Copyright            = '(c) ZoomUsers contributors. MIT License.'
    Description          = 'Bulk changes to Zoom users from PowerShell: profile pictures and passwords from CSV files or Active Directory, at the account''s rate limit, with one result object per input row and Zoom''s error code for every failure. Server-to-Server OAuth.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('ZoomUsers.format.ps1xml')
    CmdletsToExport      = @(
        'Backup-ZoomUserPicture'
        'Connect-Zoom'
        'Disconnect-Zoom'
        'Get-ZoomConnection'
        'Get-ZoomUser'
        'Remove-ZoomUserPicture'
        'Restore-ZoomUserPicture'
        'Set-ZoomUserPassword'
        'Set-ZoomUserPicture'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Zoom', 'ZoomUsers', 'Users', 'Bulk', 'ProfilePicture', 'Password', 'OAuth', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/zoomusers/ZoomUsers'
            LicenseUri   = 'https://github.com/zoomusers/ZoomUsers/blob/main/LICENSE'
            ReleaseNotes = 'See https://github.com/zoomusers/ZoomUsers/blob/main/CHANGELOG.md'
        }
    }
}
