using Xunit.Abstractions;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// Issue 21: rows in flight sized by how long a row really holds its slot. A bulk run through the real
/// pacer and BulkRunner's real sizing (<see cref="Bulk.InFlightLimit"/>) on a modelled account on the fake
/// clock (<see cref="BulkRunModel"/>), with 503s, dropped connections and stalls until -TimeoutSec in it:
/// the requests sent stay at the rate held, -ThrottleLimit is never passed, and every row gets one result.
/// </summary>
public sealed class BadDayTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(100, 40)]
    [InlineData(60, 150)]
    public void On_a_bad_day_requests_still_reach_the_account_at_the_rate_held(double limit, int latencyMs)
    {
        var account = new AccountModel(limit, TimeSpan.FromMilliseconds(latencyMs), headers: true);
        var run = account.AddBulkRun(throttleLimit: 64, rows: int.MaxValue / 2, BadDay.Issue21);
        account.Run(TimeSpan.FromSeconds(60));

        var sent = run.SentPerSecond(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));
        output.WriteLine($"{limit}/s at {latencyMs} ms: {sent:0.0} requests/s sent, rate held {run.Pacer.CurrentRate:0.0}/s, " +
                         $"{run.Pacer.SlotSeconds * 1000:0} ms a request holds its slot, {run.Pacer.SuggestedConcurrency} rows wanted, at most {run.MostInFlight} in flight");
        Assert.True(sent >= 0.9 * limit, $"{sent:0.0}/s sent of {limit}/s");
        Assert.True(sent >= 0.95 * run.Pacer.CurrentRate, $"{sent:0.0}/s sent at a rate held of {run.Pacer.CurrentRate:0.0}/s");
        Assert.True(run.MostInFlight <= 64);
    }

    [Fact]
    public void Every_row_gets_one_result_and_the_throttle_limit_is_never_passed()
    {
        var account = new AccountModel(100, TimeSpan.FromMilliseconds(40), headers: true);
        var run = account.AddBulkRun(throttleLimit: 16, rows: 3000, BadDay.Issue21);
        account.Run(TimeSpan.FromSeconds(120));

        output.WriteLine($"{run.Succeeded} succeeded, {run.Failed} failed, at most {run.MostInFlight} in flight, the pacer wanted up to {run.MostSuggested}");
        Assert.True(run.Done, $"{run.Results} results of 3000");
        Assert.Equal(3000, run.Started);
        Assert.Equal(16, run.MostInFlight);          // reached, never passed
        Assert.True(run.MostSuggested > 16, "concurrency, not the rate, limited this run");
    }

    [Fact]
    public void With_clean_answers_rows_in_flight_follow_the_round_trip_as_before()
    {
        var account = new AccountModel(60, TimeSpan.FromMilliseconds(500), headers: true);
        var run = account.AddBulkRun(throttleLimit: 64, rows: int.MaxValue / 2, BadDay.None);
        account.Run(TimeSpan.FromSeconds(30));

        // 58.8/s held x 0.5 s x 1.5, plus 4: the figure docs/admin-guide.md and ZoomBulkCommandBase give, and the rows
        // the run really keeps in flight (not -ThrottleLimit's 64).
        Assert.Equal(0.5, run.Pacer.SlotSeconds, 3);
        Assert.Equal(49, run.Pacer.SuggestedConcurrency);
        Assert.Equal(49, run.MostInFlightSince(TimeSpan.FromSeconds(10)));
        Assert.True(run.SentPerSecond(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)) >= 0.95 * 60);
    }
}
