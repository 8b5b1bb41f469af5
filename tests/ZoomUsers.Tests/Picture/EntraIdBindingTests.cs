using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Picture;

/// <summary>
/// Pictures from Microsoft Entra ID, as README's example gets them: objects shaped as Microsoft
/// Graph's Get-MgUser gives them (Id, an Entra object id Zoom does not know; Mail; UserPrincipalName;
/// Photo, a navigation property that is null unless expanded), with the photo added as a file
/// (Get-MgUserPhotoContent -OutFile) or as bytes (Invoke-MgGraphRequest). Which property becomes the
/// Zoom user is -UserId's alias order: Mail, then UserPrincipalName, and Id only when neither is there.
/// </summary>
public sealed class EntraIdBindingTests : ModuleTest
{
    private const string EntraObjectId = "3bb40cd7-03fe-40b7-8a1c-a14fdf0ab8e0";

    // Get-MgUser -Property Id, Mail, UserPrincipalName, DisplayName: its other properties come back null.
    private const string GraphUser = @"
        function New-GraphUser([string] $Mail, [string] $Upn) {
            [pscustomobject]@{ Id = $args[0]; DisplayName = 'Alice Example'; Mail = $Mail; UserPrincipalName = $Upn; Photo = $null; OtherMails = @() }
        }";

    [Fact]
    public void A_Graph_user_with_its_photo_as_a_file_is_the_Zoom_user_named_by_Mail_not_the_UPN_or_the_Entra_Id()
    {
        Ps.Connect(Sim);
        var file = Path.Combine(TempDir, EntraObjectId + ".jpg");
        File.WriteAllBytes(file, Jpeg(4000));

        var r = Ps.Run(GraphUser + @"
            New-GraphUser -Mail 'alice@contoso.com' -Upn 'alice@contoso.onmicrosoft.com' $args[0] |
                Add-Member -NotePropertyName Path -NotePropertyValue $args[1] -PassThru |
                Set-ZoomUserPicture", EntraObjectId, file);

        r.ThrowIfFailed();
        var result = Assert.Single(r.Results);
        Assert.Equal("alice@contoso.com", result.Str("UserId"));
        Assert.Equal("Succeeded", result.Str("Status"));
        Assert.Equal(file, result.Str("Path"));
        Assert.Equal(File.ReadAllBytes(file), Sim.Users["alice@contoso.com"].Picture);
        Assert.DoesNotContain(Sim.Requests, q => q.RawTarget.Contains(EntraObjectId, StringComparison.OrdinalIgnoreCase) || q.RawTarget.Contains("onmicrosoft", StringComparison.Ordinal));
    }

    [Fact]
    public void A_Graph_user_with_its_photo_as_bytes_binds_them_to_ImageData()
    {
        Ps.Connect(Sim);
        var bytes = Jpeg(3000);

        var r = Ps.Run(GraphUser + @"
            New-GraphUser -Mail 'bob@contoso.com' -Upn 'bob@contoso.onmicrosoft.com' $args[0] |
                Add-Member -NotePropertyName ImageData -NotePropertyValue $args[1] -PassThru |
                Set-ZoomUserPicture", EntraObjectId, bytes);

        r.ThrowIfFailed();
        var result = Assert.Single(r.Results);
        Assert.Equal("bob@contoso.com", result.Str("UserId"));
        Assert.Equal("Succeeded", result.Str("Status"));
        Assert.Equal(bytes, Sim.Users["bob@contoso.com"].Picture);
    }

    [Fact]
    public void Without_a_Mail_property_the_UPN_binds_and_the_Entra_Id_still_does_not()
    {
        Ps.Connect(Sim);
        var file = Path.Combine(TempDir, "carol.png");
        File.WriteAllBytes(file, Png(2000));

        // Get-MgUser -Property Id, UserPrincipalName: no Mail at all.
        var r = Ps.Run(@"
            [pscustomobject]@{ Id = $args[0]; UserPrincipalName = 'carol@contoso.com'; Path = $args[1] } | Set-ZoomUserPicture",
            EntraObjectId, file);

        r.ThrowIfFailed();
        Assert.Equal("carol@contoso.com", Assert.Single(r.Results).Str("UserId"));
    }

    [Fact]
    public void A_Graph_user_whose_Mail_is_null_fails_alone_with_UserIdMissing_and_README_s_explicit_UserId_uploads_it()
    {
        Ps.Connect(Sim);
        var file = Path.Combine(TempDir, "dave.jpg");
        File.WriteAllBytes(file, Jpeg(2000));

        // A user without a mailbox: Graph's Mail is null. PowerShell binds the first alias the object has
        // and does not go on to UserPrincipalName, so the row names no user (and nothing is sent).
        var piped = Ps.Run(GraphUser + @"
            New-GraphUser -Mail $null -Upn 'dave@contoso.com' $args[0] |
                Add-Member -NotePropertyName Path -NotePropertyValue $args[1] -PassThru |
                Set-ZoomUserPicture -ErrorAction SilentlyContinue", EntraObjectId, file);
        var failed = Assert.Single(piped.Results);
        Assert.Equal("Failed", failed.Str("Status"));
        Assert.Equal("UserIdMissing", failed.Str("ErrorId"));
        Assert.DoesNotContain(Sim.Requests, q => q.Path.EndsWith("/picture", StringComparison.Ordinal));

        // README's example picks the column itself: Mail when Graph has one, else the UPN.
        var chosen = Ps.Run(GraphUser + @"
            $file = $args[1]
            New-GraphUser -Mail $null -Upn 'dave@contoso.com' $args[0] |
                ForEach-Object { [pscustomobject]@{ UserId = $(if ($_.Mail) { $_.Mail } else { $_.UserPrincipalName }); Path = $file } } |
                Set-ZoomUserPicture", EntraObjectId, file);
        chosen.ThrowIfFailed();
        Assert.Equal("dave@contoso.com", Assert.Single(chosen.Results).Str("UserId"));
        Assert.Equal(File.ReadAllBytes(file), Sim.Users["dave@contoso.com"].Picture);
    }
}
