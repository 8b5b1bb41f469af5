using Xunit.Abstractions;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The real pacer (<see cref="AccountPacer"/>, its <see cref="RequestGate"/> and controller) on a
/// modelled account, on one fake clock: alone on an account with or without headers, token-bucket and
/// calendar-second servers, 429s with or without the limit in them; and no second over a known limit.
/// The rate law's other theories (<see cref="RateControllerTests"/>) run on the same model.
/// </summary>
public sealed class AccountModelTests(ITestOutputHelper output)
{
    /// <param name="refusalsCarryLimit">429s carry X-RateLimit-Limit (as the simulator's do); without it a refusal teaches less, and up to 2% may be refused.</param>
    [Theory]
    [InlineData(20, 150, false, false, true)]
    [InlineData(20, 500, false, false, true)]
    [InlineData(60, 150, false, false, true)]
    [InlineData(60, 500, false, false, true)]
    [InlineData(20, 150, true, false, true)]
    [InlineData(60, 500, true, false, true)]
    [InlineData(20, 150, true, true, true)]
    [InlineData(60, 500, true, true, true)]
    [InlineData(20, 150, false, false, false)]
    [InlineData(20, 500, false, false, false)]
    [InlineData(60, 150, false, false, false)]
    [InlineData(60, 500, false, false, false)]
    [InlineData(20, 150, true, false, false)]
    [InlineData(60, 500, true, false, false)]
    public void Alone_on_an_account_the_real_pacer_finds_and_holds_the_limit_with_few_refusals(double limit, int latencyMs, bool headers, bool calendarSeconds, bool refusalsCarryLimit)
    {
        var counting = calendarSeconds ? AccountModel.Counting.FixedWindow : AccountModel.Counting.TokenBucket;
        var account = new AccountModel(limit, TimeSpan.FromMilliseconds(latencyMs), headers, refusalsCarryLimit, counting);
        var us = account.AddController();
        account.Run(TimeSpan.FromSeconds(150));

        var share = us.Accepted / (limit * 150);
        output.WriteLine($"limit {limit}, {latencyMs} ms, headers {headers}, {counting}, limit in 429s {refusalsCarryLimit}: {share:0.000} of the limit, {us.RefusedShare:0.00%} refused, final rate {us.Rate:0.0}");
        foreach (var ch in us.Changes.Take(12)) output.WriteLine("  " + ch);
        Assert.True(share >= 0.94, $"{share:0.000} of the limit");
        var refusedBound = refusalsCarryLimit ? 0.01 : 0.02;
        Assert.True(us.RefusedShare <= refusedBound, $"{us.RefusedShare:0.00%} refused");
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
}
