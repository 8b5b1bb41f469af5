using System.Net;
using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>One budget per rate-limit label, on a fake clock: lookups (Light) and uploads (Medium) never slow each other.</summary>
public sealed class AccountPacersTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private ZoomAnswer Read(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        if ((int)status == 429)
            response.Content = new StringContent("{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API. Try again later.\"}");
        return ZoomAnswer.ReadAsync(response, _time.GetUtcNow()).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_429_on_uploads_pauses_uploads_only_and_lookups_go_on_through_the_handler()
    {
        using var pacers = new AccountPacers(null, _time);
        var handler = new PacingHandler(pacers.For, (_, state, _) => Task.FromResult(state.Label == RateLabel.Medium
            ? Read((HttpStatusCode)429, ("Retry-After", "10"), ("X-RateLimit-Type", "QPS"), ("X-RateLimit-Limit", "60"))
            : Read(HttpStatusCode.OK, ("X-RateLimit-Type", "QPS"), ("X-RateLimit-Limit", "80"), ("X-RateLimit-Remaining", "70"))));

        var upload = await handler.SendAsync(new HttpRequestMessage(), new OperationState("upload", null), CancellationToken.None);
        Assert.Equal(AnswerKind.RateLimited, upload.Kind);

        // The Medium budget is paused for 10 s; a lookup goes now, without the clock moving.
        var lookup = handler.SendAsync(new HttpRequestMessage(), new OperationState("lookup", null, RateLabel.Light), CancellationToken.None);
        Assert.True(lookup.IsCompleted, "the lookup waited behind the uploads' pause");
        Assert.Equal(AnswerKind.Success, (await lookup).Kind);
        var nextUpload = pacers.Medium.WaitAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(nextUpload.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5.1));
        Assert.True(await nextUpload);

        // Each learnt its own limit from its own answers.
        Assert.Equal(60, pacers.Medium.AdvertisedLimit);
        Assert.Equal(80, pacers.Light.AdvertisedLimit);
        Assert.Equal(80 * RateController.HeaderFraction, pacers.Light.Ceiling, 6);
        Assert.Equal(60 * RateController.HeaderFraction, pacers.Medium.Ceiling, 6);
    }

    [Fact]
    public async Task Busy_lookups_never_hold_back_an_upload_turn()
    {
        using var pacers = new AccountPacers(10, _time); // -RequestsPerSecond 10: each label's ceiling
        // Light's whole second is taken by queued lookups...
        var lookups = Enumerable.Range(0, 10).Select(_ => pacers.Light.WaitAsync(CancellationToken.None)).ToList();
        // ...and an upload still has its turn at once.
        var upload = pacers.Medium.WaitAsync(CancellationToken.None);
        Assert.True(upload.IsCompleted);
        Assert.True(await upload);
        Assert.Contains(lookups, l => !l.IsCompleted);
        for (var ms = 0; ms < 1100; ms++) _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.All(lookups, l => Assert.True(l.IsCompleted));
    }

    [Fact]
    public void Rows_that_look_up_then_upload_hold_their_slot_for_both_requests()
    {
        using var pacers = new AccountPacers(60, _time);
        pacers.Medium.ReportSlotTime(TimeSpan.FromMilliseconds(150));
        pacers.Light.ReportSlotTime(TimeSpan.FromMilliseconds(150));
        Assert.Equal(AccountPacer.RowsInFlight(pacers.Medium.CurrentRate, 0.30), pacers.SuggestedConcurrency(RateLabel.Light, RateLabel.Medium));
        Assert.True(pacers.SuggestedConcurrency(RateLabel.Light, RateLabel.Medium) > pacers.SuggestedConcurrency(RateLabel.Medium));
    }
}
