using Xunit.Abstractions;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The real pacer (<see cref="AccountPacer"/>, its <see cref="RequestGate"/> and controller) on a
/// modelled account, on one fake clock, beyond the rate law's theories in <see cref="RateControllerTests"/>
/// (which run on the same model): calendar-second servers alone, and no second over a known limit.
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
}
