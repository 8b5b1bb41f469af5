using System.Globalization;
using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>The daily quota: no retry helps, so the rest of the run fails fast and says when to try again.</summary>
public sealed class DailyLimitTests : ModuleTest
{
    private const int Quota = 10;
    private const int Workers = 4;

    protected override SimulatorOptions CreateOptions() => new() { DailyLimit = Quota, RecordBodies = false };

    [Fact]
    public void Rows_after_the_daily_limit_fail_fast_with_DailyRateLimit_and_the_time_to_retry()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());

        var runDays = RunDays.Start();
        var r = Ps.Run(BulkInput.PictureRows(30) + $" | Set-ZoomUserPicture -ThrottleLimit {Workers}");
        runDays.End();

        Assert.Null(r.Terminating);
        Assert.Equal(30, r.Results.Select(x => x.Str("UserId")).Distinct().Count());
        Assert.Equal(Quota, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        var limited = r.Results.Where(x => x.Str("Status") == "Failed").ToList();
        Assert.Equal(30 - Quota, limited.Count);
        // The simulator's Retry-After is the next UTC midnight, as an ISO-8601 date.
        Assert.All(limited, x =>
        {
            Assert.Equal("DailyRateLimit", x.Str("ErrorId"));
            runDays.AssertNamesNextMidnight(x.Str("Message"));
            Assert.InRange(x.Prop<int>("Attempts"), 0, 1);
        });
        // Only rows already in flight when the first daily 429 came asked Zoom; none asked twice.
        Assert.InRange(Sim.ApiRequestCount, Quota + 1, Quota + Workers);
        Assert.Equal(30 - Quota, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.Equal("DailyRateLimit,ZoomUsers.Commands.SetZoomUserPictureCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category);
        });
    }

    [Fact]
    public void Without_rate_headers_the_message_alone_identifies_the_daily_limit()
    {
        // Zoom does not always send X-RateLimit-Type or Retry-After: the body's "daily rate limit"
        // must still stop the retries, and the retry time falls back to the next UTC midnight.
        // Few rows past the quota and a small retry budget: mistaken for per-second 429s they would
        // be retried with growing backoff, and the test would fail in seconds, not minutes.
        Sim.Options.SendRateLimitHeaders = false;
        Ps.Connect(Sim, "-RequestsPerSecond 1000 -MaxRetryCount 1");
        Ps.Set("photo", Jpeg());
        const int rows = Quota + 2;

        var runDays = RunDays.Start();
        var r = Ps.Run(BulkInput.PictureRows(rows) + $" | Set-ZoomUserPicture -ThrottleLimit {Workers}");
        runDays.End();

        Assert.Null(r.Terminating);
        Assert.Equal(rows, r.Results.Select(x => x.Str("UserId")).Distinct().Count());
        Assert.Equal(Quota, r.Results.Count(x => x.Str("Status") == "Succeeded"));
        Assert.All(r.Results.Where(x => x.Str("Status") == "Failed"), x =>
        {
            Assert.Equal("DailyRateLimit", x.Str("ErrorId"));
            runDays.AssertNamesNextMidnight(x.Str("Message"));
        });
        // Each refused row asked Zoom once at most: none was retried.
        Assert.InRange(Sim.ApiRequestCount, Quota + 1, rows);
    }

    [Fact]
    public void A_later_call_in_the_session_fails_fast_without_asking_Zoom()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        Ps.Run(BulkInput.PictureRows(Quota + 1) + " | Set-ZoomUserPicture");
        Sim.ClearRequests();

        var r = Ps.Run(BulkInput.PictureRows(5) + " | Set-ZoomUserPicture");

        Assert.Equal(5, r.Results.Count(x => x.Str("ErrorId") == "DailyRateLimit"));
        Assert.All(r.Results, x => Assert.Equal(0, x.Prop<int>("Attempts")));
        Assert.Equal(0, Sim.ApiRequestCount);
    }

    /// <summary>
    /// The UTC days a run touched: the next midnight a message names is the one after the day the run
    /// started or the day it ended, so a run that crosses midnight passes as well as any other.
    /// </summary>
    private sealed class RunDays
    {
        private readonly DateTime _first = DateTime.UtcNow.Date;
        private DateTime _last;

        public static RunDays Start() => new();

        public void End() => _last = DateTime.UtcNow.Date;

        public void AssertNamesNextMidnight(string? message)
        {
            string Midnight(DateTime day) => day.AddDays(1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Assert.True(message is not null && (message.Contains(Midnight(_first)) || message.Contains(Midnight(_last))),
                $"Expected {Midnight(_first)} or {Midnight(_last)} in: {message}");
        }
    }
}
