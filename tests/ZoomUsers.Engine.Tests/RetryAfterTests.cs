using System.Globalization;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1", "2026-11-22T12:00:01Z")]
    [InlineData("2.5", "2026-11-22T12:00:02.5Z")]
    [InlineData("2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("Mon, 23 Nov 2026 00:00:00 GMT", "2026-11-23T00:00:00Z")]
    public void Seconds_and_dates_are_both_understood(string raw, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), RetryAfter.Parse(raw, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void Anything_else_is_no_hint(string? raw) => Assert.Null(RetryAfter.Parse(raw, Now));
}
