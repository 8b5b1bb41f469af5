using Xunit.Abstractions;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The real pacer (<see cref="AccountPacer"/>, its <see cref="RequestGate"/> and controller) on a
/// modelled account, on one fake clock: what the rate law's theories (<see cref="RateControllerTests"/>,
/// on <see cref="RateLawModel"/>) say of the controller alone, checked with the gate's spacing, its
/// window cap, the shared pause and the pause after X-RateLimit-Remaining 0 in the loop.
/// </summary>
public sealed class AccountModelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(20, 150, false, false)]
    [InlineData(20, 500, false, false)]
    [InlineData(60, 150, false, false)]
    [InlineData(60, 500, false, false)]
    [InlineData(20, 150, true, false)]
    [InlineData(60, 500, true, false)]
    [InlineData(20, 150, true, true)]
    [InlineData(60, 500, true, true)]
    public void Alone_on_an_account_the_real_pacer_finds_and_holds_the_limit_with_few_refusals(double limit, int latencyMs, bool headers, bool calendarSeconds)
    {
        var counting = calendarSeconds ? AccountModel.Counting.FixedWindow : AccountModel.Counting.TokenBucket;
        var account = new AccountModel(limit, TimeSpan.FromMilliseconds(latencyMs), headers, refusalsCarryLimit: true, counting);
        var us = account.AddController();
        account.Run(TimeSpan.FromSeconds(150));

        var share = us.Accepted / (limit * 150);
        output.WriteLine($"limit {limit}, {latencyMs} ms, headers {headers}, {counting}: {share:0.000} of the limit, {us.RefusedShare:0.00%} refused, final rate {us.Rate:0.0}");
        foreach (var ch in us.Changes.Take(12)) output.WriteLine("  " + ch);
        Assert.True(share >= 0.94, $"{share:0.000} of the limit");
        Assert.True(us.RefusedShare <= 0.01, $"{us.RefusedShare:0.00%} refused");
    }

    [Fact]
    public void With_the_limit_known_no_second_ever_holds_more_than_the_limit()
    {
        var account = new AccountModel(60, TimeSpan.FromMilliseconds(150), headers: true, counting: AccountModel.Counting.FixedWindow);
        var us = account.AddController();
        account.Run(TimeSpan.FromSeconds(60));

        Assert.Equal(0, us.Refused);
        Assert.True(us.Accepted >= 0.95 * 60 * 60, $"{us.Accepted} accepted");
    }

    [Fact]
    public void Sharing_with_a_steady_app_that_sends_headers_it_takes_most_of_what_is_left_and_rarely_refuses_the_other()
    {
        var account = new AccountModel(20, TimeSpan.FromMilliseconds(150), headers: true);
        var other = account.AddSteadyApp(8);
        var us = account.AddController();
        account.Run(TimeSpan.FromSeconds(240));

        var share = us.Accepted / (12.0 * 240);
        output.WriteLine($"{share:0.000} of what is left, ours refused {us.RefusedShare:0.00%}, other refused {other.RefusedShare:0.00%}");
        Assert.True(share >= 0.88, $"{share:0.000} of what the other app leaves");
        Assert.True(other.RefusedShare <= 0.02, $"other app refused {other.RefusedShare:0.00%}");
        Assert.True(us.RefusedShare <= 0.02, $"ours refused {us.RefusedShare:0.00%}");
    }

    /// <summary>
    /// Without headers the real pacer leaves the steady app refused more than the rate law alone does
    /// (3.2% against 0.7% on <see cref="RateLawModel"/>): pinned here so that a change to it is seen;
    /// the benchmark's "Pro shared ... none" row measured 1.1%.
    /// </summary>
    [Fact]
    public void Sharing_with_a_steady_app_without_headers_neither_is_starved()
    {
        var account = new AccountModel(20, TimeSpan.FromMilliseconds(150), headers: false);
        var other = account.AddSteadyApp(8);
        var us = account.AddController();
        account.Run(TimeSpan.FromSeconds(240));

        var share = us.Accepted / (12.0 * 240);
        output.WriteLine($"{share:0.000} of what is left, ours refused {us.RefusedShare:0.00%}, other refused {other.RefusedShare:0.00%}");
        Assert.True(share >= 0.88, $"{share:0.000} of what the other app leaves");
        Assert.True(other.RefusedShare <= 0.04, $"other app refused {other.RefusedShare:0.00%}");
        Assert.True(us.RefusedShare <= 0.02, $"ours refused {us.RefusedShare:0.00%}");
    }
}
