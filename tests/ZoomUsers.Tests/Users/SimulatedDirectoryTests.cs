using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Users;

/// <summary>The simulator's read side, spoken to as Zoom is (the cmdlets' tests then rely on it): GET /users/{id}, GET /users, pic_url.</summary>
public sealed class SimulatedDirectoryTests : ModuleTest
{
    [Fact]
    public async Task Lists_page_by_token_one_status_at_a_time_active_when_none_is_given_and_pending_users_have_no_id()
    {
        for (var i = 0; i < 5; i++) Sim.AddUser($"a{i}@example.com");
        Sim.AddUser("idle@example.com").Status = "inactive";
        Sim.AddUser("invited@example.com").Status = "pending";
        using var http = await ClientAsync();

        var first = await GetJson(http, "/users?page_size=2");
        Assert.Equal(2, first.GetProperty("users").GetArrayLength());
        Assert.Equal(5, first.GetProperty("total_records").GetInt32());
        var emails = first.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()).ToList();
        var token = first.GetProperty("next_page_token").GetString();
        while (!string.IsNullOrEmpty(token))
        {
            var page = await GetJson(http, "/users?page_size=2&next_page_token=" + Uri.EscapeDataString(token));
            emails.AddRange(page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()));
            token = page.GetProperty("next_page_token").GetString();
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"a{i}@example.com"), emails);

        var pending = (await GetJson(http, "/users?status=pending&page_size=300")).GetProperty("users").EnumerateArray().Single();
        Assert.Equal("invited@example.com", pending.GetProperty("email").GetString());
        Assert.False(pending.TryGetProperty("id", out _));
        var inactive = (await GetJson(http, "/users?status=inactive")).GetProperty("users").EnumerateArray().Single();
        Assert.Equal(Sim.Users["idle@example.com"].Id, inactive.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Page_size_is_capped_and_a_user_read_is_on_the_Light_bucket()
    {
        Sim.Options.MaxPageSize = 3;
        Sim.Options.RateLimitPerSecond = 1;
        Sim.Options.LightRateLimitPerSecond = 1000;
        for (var i = 0; i < 4; i++) Sim.AddUser($"b{i}@example.com");
        using var http = await ClientAsync();

        using var list = await http.GetAsync(Sim.ApiBaseUri + "/users?page_size=2000");
        Assert.Equal("Medium", list.Headers.GetValues("X-RateLimit-Category").Single());
        // The Medium bucket (1/s) is spent; reads by id still go, on their own budget.
        for (var i = 0; i < 4; i++)
        {
            using var read = await http.GetAsync(Sim.ApiBaseUri + $"/users/b{i}%40example.com");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("Light", read.Headers.GetValues("X-RateLimit-Category").Single());
        }
        Assert.Equal(3, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("users").GetArrayLength());
    }

    [Fact]
    public async Task Pictures_are_served_at_pic_url_on_the_other_host_name_until_replaced_and_refusals_are_per_user()
    {
        var alice = Sim.AddUser("alice@example.com");
        alice.Picture = Jpeg(900);
        alice.PictureContentType = "image/jpeg";
        var bob = Sim.AddUser("bob@example.com");
        using var http = await ClientAsync();

        var user = await GetJson(http, "/users/" + alice.Id);
        var picUrl = new Uri(user.GetProperty("pic_url").GetString()!);
        Assert.Equal("localhost", picUrl.Host);
        Assert.False((await GetJson(http, "/users/bob%40example.com")).TryGetProperty("pic_url", out _));

        using var plain = new HttpClient();
        Assert.Equal(alice.Picture, await plain.GetByteArrayAsync(picUrl));
        // The API's host name does not serve it: a client must use pic_url as given.
        using (var wrongHost = await plain.GetAsync(new Uri(Sim.BaseUri, picUrl.PathAndQuery)))
            Assert.Equal(HttpStatusCode.NotFound, wrongHost.StatusCode);

        alice.PictureDownloadRefusal = 403;
        using (var refused = await plain.GetAsync(picUrl))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        alice.PictureDownloadRefusal = null;

        using (var replaced = await http.PostAsync(Sim.ApiBaseUri + "/users/alice%40example.com/picture", Upload(Png(600))))
            Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        using (var old = await plain.GetAsync(picUrl))
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);

        var picture = Assert.Single(Sim.PictureRequests, r => r.StatusCode == 200);
        Assert.False(picture.Headers.ContainsKey("Authorization"));
    }

    private static MultipartFormDataContent Upload(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "pic_file", "p.png" } };
    }

    private async Task<HttpClient> ClientAsync()
    {
        var http = new HttpClient();
        var basic = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Sim.Options.ClientId}:{Sim.Options.ClientSecret}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, Sim.TokenUri + "?grant_type=account_credentials&account_id=" + Sim.Options.AccountId);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<JsonElement> GetJson(HttpClient http, string path)
    {
        using var answer = await http.GetAsync(Sim.ApiBaseUri + path);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
