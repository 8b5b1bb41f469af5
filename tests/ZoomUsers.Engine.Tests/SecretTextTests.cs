using System.Security;
using System.Text;
using System.Text.Json;
using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

public sealed class SecretTextTests
{
    [Theory]
    [InlineData("Plain1Pass")]
    [InlineData("quote\"and\\back")]
    [InlineData("ctl\u0001\n\tchars")]
    [InlineData("ünïcødé€")]
    public void The_password_body_is_valid_json_that_round_trips(string password)
    {
        var chars = password.ToCharArray();
        var body = SecretText.ToJsonObject("password", chars, chars.Length);

        using var json = JsonDocument.Parse(body);
        Assert.Equal(password, json.RootElement.GetProperty("password").GetString());
        Assert.Single(json.RootElement.EnumerateObject());
    }

    [Fact]
    public void A_SecureString_becomes_utf8_without_a_managed_string()
    {
        var secure = new SecureString();
        foreach (var c in "sécret") secure.AppendChar(c);

        Assert.Equal(Encoding.UTF8.GetBytes("sécret"), SecretText.ToUtf8(secure));
    }

    [Fact]
    public void The_char_buffer_handed_to_the_callback_is_cleared_afterwards()
    {
        var secure = new SecureString();
        foreach (var c in "Wipe-Me-9") secure.AppendChar(c);
        char[]? seen = null;

        SecretText.Use(secure, (chars, length) => { seen = chars; return 0; });

        Assert.NotNull(seen);
        Assert.All(seen!, c => Assert.Equal('\0', c));
    }
}
