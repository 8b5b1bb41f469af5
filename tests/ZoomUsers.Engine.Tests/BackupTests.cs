using ZoomUsers.Backup;

namespace ZoomUsers.Engine.Tests;

public sealed class BackupTests
{
    [Fact]
    public async Task A_pic_url_over_plain_http_is_refused_before_any_request_when_the_API_speaks_https()
    {
        var sent = 0;
        using var handler = new CountingHandler(() => sent++);
        using var client = new HttpClient(handler);
        var download = new PictureDownload(() => client, new Uri("https://api.zoom.us/v2"), TimeSpan.FromSeconds(5));

        using var picture = await download.OpenAsync("http://pictures.example/p/1.jpg", CancellationToken.None);

        Assert.Contains("https://", picture.Failure);
        Assert.Equal(0, sent);
    }

    [Theory]
    [InlineData("Alice@Example.com", "alice@example.com")]
    [InlineData("a/b@example.com", "a_b@example.com-")]
    [InlineData("a\\b@example.com", "a_b@example.com-")]
    public void Names_are_one_per_user_whatever_the_case_and_safe_as_file_names(string email, string startsWith)
    {
        var name = BackupFolder.NameFor(email);
        Assert.StartsWith(startsWith, name);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
    }

    [Fact]
    public void Two_users_whose_names_clean_up_alike_keep_apart() =>
        Assert.NotEqual(BackupFolder.NameFor("a/b@example.com"), BackupFolder.NameFor("a\\b@example.com"));

    private sealed class CountingHandler(Action onSend) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
