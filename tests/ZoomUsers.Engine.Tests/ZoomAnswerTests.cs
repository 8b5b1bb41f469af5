using System.Net;
using System.Net.Sockets;
using System.Text;
using Polly.Timeout;
using ZoomUsers.Auth;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

public sealed class ZoomAnswerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage Answer(int status, string? body = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (body != null) response.Content = new StringContent(body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    private static async Task<ZoomAnswer> Read(int status, string? body = null, params (string, string)[] headers)
    {
        using var response = Answer(status, body, headers);
        return await ZoomAnswer.ReadAsync(response, Now);
    }

    [Theory]
    [InlineData(200, AnswerKind.Success)]
    [InlineData(201, AnswerKind.Success)]
    [InlineData(204, AnswerKind.Success)]
    [InlineData(400, AnswerKind.Failed)]
    [InlineData(403, AnswerKind.Failed)]
    [InlineData(404, AnswerKind.Failed)]
    [InlineData(500, AnswerKind.Transient)]
    [InlineData(501, AnswerKind.Failed)]
    [InlineData(502, AnswerKind.Transient)]
    [InlineData(503, AnswerKind.Transient)]
    [InlineData(504, AnswerKind.Transient)]
    [InlineData(302, AnswerKind.Failed)]
    internal async Task Status_codes_are_classified(int status, AnswerKind expected) =>
        Assert.Equal(expected, (await Read(status, "{\"code\":1,\"message\":\"m\"}")).Kind);

    [Fact]
    public async Task Only_401_code_124_is_a_rejected_token()
    {
        Assert.Equal(AnswerKind.TokenRejected, (await Read(401, "{\"code\":124,\"message\":\"Invalid access token.\"}")).Kind);
        Assert.Equal(AnswerKind.Failed, (await Read(401, "{\"code\":4700,\"message\":\"Invalid.\"}")).Kind);
        Assert.Equal(AnswerKind.Failed, (await Read(401)).Kind);
    }

    [Fact]
    public async Task Every_5xx_may_have_landed_and_nothing_below_does()
    {
        Assert.True((await Read(501)).MayHaveLanded);
        Assert.True((await Read(503)).MayHaveLanded);
        Assert.False((await Read(400, "{\"code\":300,\"message\":\"x\"}")).MayHaveLanded);
        Assert.False((await Read(429)).MayHaveLanded);
    }

    [Fact]
    public async Task Zoom_error_body_code_message_and_tracking_id_are_read()
    {
        var answer = await Read(404, "{\"code\":1001,\"message\":\"User does not exist: a@b.c.\"}", ("x-zm-trackingid", "v=2.0;abc"));
        Assert.Equal(404, answer.HttpStatus);
        Assert.Equal(1001, answer.ErrorCode);
        Assert.Equal("User does not exist: a@b.c.", answer.Message);
        Assert.Equal("v=2.0;abc", answer.TrackingId);
        Assert.Null(answer.Fault);
    }

    [Fact]
    public async Task A_success_keeps_its_body_and_content_location()
    {
        using var response = Answer(201, "{}");
        response.Content!.Headers.ContentLocation = new Uri("https://example.com/p.jpg");
        var answer = await ZoomAnswer.ReadAsync(response, Now);
        Assert.Equal(AnswerKind.Success, answer.Kind);
        Assert.Equal("{}", answer.Body);
        Assert.Equal("https://example.com/p.jpg", answer.ContentLocation);
        Assert.Null(answer.Message);
    }

    [Fact]
    public async Task A_per_second_429_carries_its_retry_after_in_seconds()
    {
        var answer = await Read(429, "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}",
            ("Retry-After", "3"), ("X-RateLimit-Type", "QPS"));
        Assert.Equal(AnswerKind.RateLimited, answer.Kind);
        Assert.Equal(Now.AddSeconds(3), answer.RetryAt);
        Assert.Null(answer.DailyResetAt);
    }

    [Fact]
    public async Task A_daily_429_is_told_by_its_header_and_resets_at_its_retry_after_date()
    {
        var answer = await Read(429, "{\"code\":429,\"message\":\"Slow down.\"}",
            ("X-RateLimit-Type", "Daily-limit"), ("Retry-After", "2026-11-23T00:00:00Z"));
        Assert.Equal(AnswerKind.DailyLimit, answer.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), answer.DailyResetAt);
        Assert.Null(answer.PerSecondLimit); // a daily limit's figures are not a rate
    }

    [Fact]
    public async Task A_daily_429_is_told_by_its_message_alone_and_resets_at_the_next_utc_midnight()
    {
        var answer = await Read(429, "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}");
        Assert.Equal(AnswerKind.DailyLimit, answer.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), answer.DailyResetAt);
    }

    [Fact]
    public async Task Rate_headers_are_read_on_any_answer_for_a_per_second_limit_only()
    {
        var ok = await Read(201, "{}", ("X-RateLimit-Type", "QPS"), ("X-RateLimit-Limit", "20"), ("X-RateLimit-Remaining", "0"));
        Assert.Equal(20, ok.PerSecondLimit);
        Assert.Equal(0, ok.Remaining);

        var untyped = await Read(201, "{}", ("X-RateLimit-Limit", "60"));
        Assert.Equal(60, untyped.PerSecondLimit);
        Assert.Null(untyped.Remaining);

        var daily = await Read(201, "{}", ("X-RateLimit-Type", "Daily-limit"), ("X-RateLimit-Limit", "2000"), ("X-RateLimit-Remaining", "5"));
        Assert.Null(daily.PerSecondLimit);
        Assert.Null(daily.Remaining);

        var junk = await Read(201, "{}", ("X-RateLimit-Limit", "lots"), ("X-RateLimit-Remaining", "3"));
        Assert.Null(junk.PerSecondLimit);
        Assert.Null(junk.Remaining);
    }

    [Fact]
    public async Task A_proxy_html_page_is_a_described_failure_not_an_exception()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("<html>blocked</html>", Encoding.UTF8, "text/html") };
        var answer = await ZoomAnswer.ReadAsync(response, Now);
        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Null(answer.ErrorCode);
        Assert.Contains("HTML page", answer.Message);
    }

    [Fact]
    public void Transport_faults_are_transient_and_may_have_landed_unless_refused()
    {
        var timeout = ZoomAnswer.FromFault(new TimeoutRejectedException());
        Assert.Equal(AnswerKind.Transient, timeout.Kind);
        Assert.True(timeout.MayHaveLanded);
        Assert.Equal("no answer in time", timeout.Summary);

        var dropped = ZoomAnswer.FromFault(new HttpRequestException("reset", new IOException("connection reset")));
        Assert.Equal(AnswerKind.Transient, dropped.Kind);
        Assert.True(dropped.MayHaveLanded);
        Assert.Null(dropped.HttpStatus);

        var refused = ZoomAnswer.FromFault(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Equal(AnswerKind.Transient, refused.Kind);
        Assert.False(refused.MayHaveLanded);
    }

    [Fact]
    public void Faults_before_sending_never_landed()
    {
        var renewalDown = ZoomAnswer.FromFault(new ZoomAuthenticationException("down", httpStatus: 503));
        Assert.Equal(AnswerKind.Transient, renewalDown.Kind);
        Assert.False(renewalDown.MayHaveLanded);

        var refusedCredentials = ZoomAnswer.FromFault(new ZoomAuthenticationException("invalid_client", "invalid_client", 400));
        Assert.Equal(AnswerKind.Failed, refusedCredentials.Kind);
        Assert.False(refusedCredentials.MayHaveLanded);

        var resetAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var daily = ZoomAnswer.DailyLimitReached(resetAt);
        Assert.Equal(AnswerKind.DailyLimit, daily.Kind);
        Assert.Equal(resetAt, daily.DailyResetAt);
        Assert.False(daily.MayHaveLanded);
    }

    [Fact]
    public void Only_faults_an_attempt_can_end_in_are_classified()
    {
        Assert.True(ZoomAnswer.Classifies(new TimeoutRejectedException()));
        Assert.True(ZoomAnswer.Classifies(new IOException()));
        Assert.False(ZoomAnswer.Classifies(new OperationCanceledException()));
        Assert.False(ZoomAnswer.Classifies(new InvalidOperationException()));
        Assert.False(ZoomAnswer.Classifies(new ObjectDisposedException("pacer")));
    }

}
