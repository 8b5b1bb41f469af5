using System.Globalization;
using System.Management.Automation;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>The input shapes admins pipe in, and the exact request each one becomes.</summary>
public sealed class PasswordBindingTests : PasswordTest
{
    [Fact]
    public void Csv_rows_with_string_passwords_set_each_password_and_yield_one_result_per_row()
    {
        Connect();

        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" }, new[] { "alice@example.com", "Blue7Heron!" }, new[] { "bob@example.com", "Green4Otter?" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", csv);

        r.ThrowIfFailed();
        Assert.Equal(new[] { "alice@example.com", "bob@example.com" }, r.Results.Select(x => x.Str("UserId")!).OrderBy(x => x));
        Assert.All(r.Results, x =>
        {
            Assert.Equal("Succeeded", x.Str("Status"));
            Assert.Equal("SetPassword", x.Str("Operation"));
            Assert.Equal(204, x.Prop<int>("HttpStatus"));
            Assert.Equal("Password updated.", x.Str("Message"));
            Assert.Equal(1, x.Prop<int>("Attempts"));
        });
        Assert.Equal("Blue7Heron!", Sim.Users["alice@example.com"].CurrentPassword);
        Assert.Equal("Green4Otter?", Sim.Users["bob@example.com"].CurrentPassword);
    }

    [Fact]
    public void The_server_receives_a_PUT_with_exactly_the_JSON_body_Zoom_documents()
    {
        Connect();

        var csv = WriteCsv("passwords.csv", new[] { "Email", "Password" }, new[] { "carol@example.com", "Blue7Heron!" });

        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", csv).ThrowIfFailed();

        var put = Assert.Single(PasswordPuts());
        Assert.Equal("/v2/users/carol%40example.com/password", put.RawTarget);
        Assert.Equal("application/json; charset=utf-8", put.ContentType);
        Assert.StartsWith("Bearer ", put.Headers["Authorization"]);
        Assert.Equal("{\"password\":\"Blue7Heron!\"}", BodyText(put));
        Assert.Equal(put.Body.Length.ToString(CultureInfo.InvariantCulture), put.Headers["Content-Length"]);
    }

    [Fact]
    public void Quotes_and_backslashes_are_escaped_in_the_body_and_arrive_unchanged()
    {
        Connect();
        const string password = "Qu\"o7te\\Back/Slash";

        // Through a CSV file: Import-Csv undoes the file's own quoting first.
        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" }, new[] { "dave@example.com", password });

        Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false", csv).ThrowIfFailed();

        Assert.Equal("{\"password\":\"Qu\\\"o7te\\\\Back/Slash\"}", BodyText(Assert.Single(PasswordPuts())));
        Assert.Equal(password, Sim.Users["dave@example.com"].CurrentPassword);
    }

    [Fact]
    public void SecureStrings_bind_by_property_name()
    {
        Connect();
        Ps.SetSecureString("p1", "Amber5Falcon#");
        Ps.SetSecureString("p2", "Coral8Badger%");

        var r = Ps.Run(@"
            @([pscustomobject]@{ Id = 'erin@example.com';  Password = $p1 },
              [pscustomobject]@{ Mail = 'frank@example.com'; Password = $p2 }) | Set-ZoomUserPassword -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count);
        Assert.Equal("Amber5Falcon#", Sim.Users["erin@example.com"].CurrentPassword);
        Assert.Equal("Coral8Badger%", Sim.Users["frank@example.com"].CurrentPassword);
    }

    [Fact]
    public void A_PSCredential_binds_its_password_not_its_type_name()
    {
        Connect();
        Ps.SetCredential("cred", "ignored", "Amber5Falcon#");

        var r = Ps.Run("Set-ZoomUserPassword -UserId ivy@example.com -Password $cred -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal("Amber5Falcon#", Sim.Users["ivy@example.com"].CurrentPassword);
    }

    [Fact]
    public void The_NewPassword_column_binds_through_the_alias()
    {
        Connect();
        Ps.SetSecureString("secure", "Amber5Falcon#");

        var r = Ps.Run(@"
            @([pscustomobject]@{ EmailAddress = 'gina@example.com'; NewPassword = 'Slate3Walrus!' },
              [pscustomobject]@{ UPN = 'hank@example.com'; NewPassword = $secure }) | Set-ZoomUserPassword -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal("Slate3Walrus!", Sim.Users["gina@example.com"].CurrentPassword);
        Assert.Equal("Amber5Falcon#", Sim.Users["hank@example.com"].CurrentPassword);
    }

    [Fact]
    public void Active_Directory_like_users_bind_by_UserPrincipalName()
    {
        Connect();
        Ps.SetSecureString("secure", "Olive6Heron&");

        // The shape Get-ADUser emits, with a password a script added to it.
        var r = Ps.Run(@"
            [pscustomobject]@{
                PSTypeName = 'Microsoft.ActiveDirectory.Management.ADUser'
                SamAccountName = 'ivy'
                DistinguishedName = 'CN=Ivy,OU=Staff,DC=corp,DC=example'
                UserPrincipalName = 'ivy@example.com'
                Enabled = $true
                NewPassword = $secure
            } | Set-ZoomUserPassword -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal("ivy@example.com", Assert.Single(r.Results).Str("UserId"));
        Assert.Equal("Olive6Heron&", Sim.Users["ivy@example.com"].CurrentPassword);
    }

    [Fact]
    public void User_ids_bind_by_value_with_one_password_for_all()
    {
        Connect();
        Ps.SetSecureString("secure", "Olive6Heron&");

        var r = Ps.Run("'jo@example.com', 'kim@example.com' | Set-ZoomUserPassword -Password $secure -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal(2, r.Results.Count);
        Assert.Equal("Olive6Heron&", Sim.Users["jo@example.com"].CurrentPassword);
        Assert.Equal("Olive6Heron&", Sim.Users["kim@example.com"].CurrentPassword);
    }

    [Fact]
    public void The_user_id_is_positional_and_the_password_is_named_only()
    {
        Connect();
        Ps.SetSecureString("secure", "Olive6Heron&");

        Ps.Run("Set-ZoomUserPassword lee@example.com -Password $secure -Confirm:$false").ThrowIfFailed();
        var positional = Ps.Run("Set-ZoomUserPassword max@example.com $secure -Confirm:$false");

        Assert.Equal("Olive6Heron&", Sim.Users["lee@example.com"].CurrentPassword);
        Assert.StartsWith("PositionalParameterNotFound,", Assert.Single(positional.Errors).FullyQualifiedErrorId);
        Assert.Empty(PasswordPuts("max@example.com"));
    }

    [Fact]
    public void A_row_with_both_an_Email_and_an_Id_column_binds_the_Email()
    {
        Connect();
        var r = Ps.Run("[pscustomobject]@{ Id = '4711'; Email = 'nina@example.com'; Password = 'Olive6Heron&' } | Set-ZoomUserPassword -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal("nina@example.com", Assert.Single(r.Results).Str("UserId"));
    }

    [Fact]
    public void The_cmdlet_declares_what_the_issue_asks_for()
    {
        var r = Ps.Run("Get-Command Set-ZoomUserPassword");
        var command = (CmdletInfo)Assert.Single(r.Output).BaseObject;

        var userId = command.Parameters["UserId"];
        Assert.Equal(new[] { "Email", "EmailAddress", "Id", "Mail", "UPN", "UserPrincipalName" }, userId.Aliases.OrderBy(a => a, StringComparer.Ordinal));
        var userIdBinding = userId.Attributes.OfType<ParameterAttribute>().Single();
        Assert.True(userIdBinding.Mandatory && userIdBinding.ValueFromPipeline && userIdBinding.ValueFromPipelineByPropertyName);

        var password = command.Parameters["Password"];
        Assert.Equal(typeof(System.Security.SecureString), password.ParameterType);
        Assert.Equal(new[] { "NewPassword" }, password.Aliases);
        var passwordBinding = password.Attributes.OfType<ParameterAttribute>().Single();
        // Not mandatory: a row without a password gets its own result (the command line still asks for one).
        Assert.True(!passwordBinding.Mandatory && passwordBinding.ValueFromPipelineByPropertyName);
        Assert.False(passwordBinding.ValueFromPipeline);

        var declaration = command.ImplementingType.GetCustomAttributes(typeof(CmdletAttribute), false).Cast<CmdletAttribute>().Single();
        Assert.True(declaration.SupportsShouldProcess);
        Assert.Equal(ConfirmImpact.High, declaration.ConfirmImpact);
        Assert.Contains(command.OutputType, t => t.Name == "ZoomUsers.UserUpdateResult");
    }

    [Fact]
    public void A_file_whose_password_column_has_another_name_gets_a_PasswordMissing_result_for_every_row_naming_the_columns_accepted()
    {
        Connect();
        var csv = WriteCsv("pwd.csv", new[] { "Email", "Pwd" }, new[] { "a@example.com", "Blue7Heron!" }, new[] { "b@example.com", "Red8Falcon!" });
        var report = Path.Combine(TempDir, "report.csv");

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -Confirm:$false | Export-Csv -Path $args[1] -NoTypeInformation; Import-Csv -Path $args[1]", csv, report);

        Assert.Null(r.Terminating);
        Assert.Equal(new[] { "a@example.com", "b@example.com" }, r.Output.Select(x => x.Str("UserId")));
        Assert.All(r.Output, x =>
        {
            Assert.Equal("Failed", x.Str("Status"));
            Assert.Equal("PasswordMissing", x.Str("ErrorId"));
            Assert.Equal("The input has no password: give -Password, or a property named Password or NewPassword.", x.Str("Message"));
        });
        Assert.Equal(2, r.Errors.Count(e => e.FullyQualifiedErrorId == "PasswordMissing" + Cmdlet));
        Assert.Equal(2, r.Errors.Count);
        Assert.Empty(PasswordPuts());
    }

    [Fact]
    public void At_the_command_line_without_a_password_the_cmdlet_asks_for_one_as_a_SecureString()
    {
        Connect();
        var typed = new System.Security.SecureString();
        foreach (var c in "Blue7Heron!") typed.AppendChar(c);
        Ps.Host.Recorder.PromptAnswers["Password"] = typed;

        var r = Ps.Run("Set-ZoomUserPassword -UserId typed@example.com -Confirm:$false");

        r.ThrowIfFailed();
        Assert.Equal("Succeeded", Assert.Single(r.Results).Str("Status"));
        Assert.Equal("Blue7Heron!", Sim.Users["typed@example.com"].CurrentPassword);
        Assert.Equal(new[] { "Password:System.Security.SecureString" }, Ps.Host.Recorder.PromptedFields);
        Assert.Contains(Ps.Host.Recorder.Prompts, p => p.Contains("Supply values for the following parameters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_host_that_gives_no_password_when_asked_gets_a_PasswordMissing_row_and_piped_rows_are_never_asked()
    {
        Connect();

        var typedNothing = Ps.Run("Set-ZoomUserPassword -UserId nobody@example.com -Confirm:$false");
        var piped = Ps.Run("'piped@example.com' | Set-ZoomUserPassword -Confirm:$false");

        Assert.Equal("PasswordMissing", Assert.Single(typedNothing.Results).Str("ErrorId"));
        Assert.Equal("PasswordMissing", Assert.Single(piped.Results).Str("ErrorId"));
        Assert.Single(Ps.Host.Recorder.PromptedFields); // the command line's, not the pipeline's
        Assert.Empty(PasswordPuts());
    }
}
