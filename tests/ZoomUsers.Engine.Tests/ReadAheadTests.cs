using ZoomUsers.Bulk;

namespace ZoomUsers.Engine.Tests;

public sealed class ReadAheadTests
{
    [Fact]
    public void A_slow_first_row_does_not_hold_back_the_reading_of_the_rows_behind_it()
    {
        var readAhead = new ReadAhead<int>(4);
        using var firstMayFinish = new ManualResetEventSlim();
        using var othersRead = new CountdownEvent(3);
        readAhead.Start(() => { firstMayFinish.Wait(); return 1; }, _ => -1);
        for (var i = 2; i <= 4; i++)
        {
            var n = i;
            readAhead.Start(() => { othersRead.Signal(); return n; }, _ => -1);
        }

        // Rows 2-4 are read while row 1 still blocks (a slow share): reads overlap.
        Assert.True(othersRead.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(readAhead.IsFull);
        Assert.False(readAhead.TryTakeReady(out _)); // but they come back in input order

        firstMayFinish.Set();
        var taken = new List<int>();
        while (readAhead.Count > 0) taken.Add(readAhead.TakeNext(() => { }, CancellationToken.None));
        Assert.Equal(new[] { 1, 2, 3, 4 }, taken);
    }

    [Fact]
    public void A_throwing_read_becomes_its_rows_value()
    {
        var readAhead = new ReadAhead<string>(1);
        readAhead.Start(() => throw new IOException("share gone"), ex => "fault:" + ex.Message);
        Assert.Equal("fault:share gone", readAhead.TakeNext(() => { }, CancellationToken.None));
    }

    [Fact]
    public void Waiting_calls_back_and_honours_cancellation()
    {
        var readAhead = new ReadAhead<int>(1);
        using var never = new ManualResetEventSlim();
        readAhead.Start(() => { never.Wait(TimeSpan.FromSeconds(30)); return 0; }, _ => -1);
        using var cts = new CancellationTokenSource();
        var calls = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => readAhead.TakeNext(() => { if (++calls == 3) cts.Cancel(); }, cts.Token));
        Assert.True(calls >= 3);
        never.Set();
    }
}
