using System.Net;
using ZoomUsers.Api;
using ZoomUsers.Bulk;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// No false failure on a bad day: a row whose retries all went on transient faults is tried
/// once more at the end of the run, on the real attempt path and the fake clock (<see cref="FakeZoomAccount"/>),
/// unless most recent attempts are failing; and <see cref="BulkRunner{TMessage}"/> runs that second round
/// once the rows ahead of it are done, keeping one user's rows in order.
/// </summary>
public sealed class SecondRoundTests
{
    private const string Unlucky = "unlucky@example.com";
    private static readonly (HttpStatusCode, string?) Created = (HttpStatusCode.Created, null);
    private static readonly (HttpStatusCode, string?) Unavailable = (HttpStatusCode.ServiceUnavailable, "{\"code\":503,\"message\":\"Service unavailable\"}");

    [Fact]
    public void A_row_that_spent_its_retries_on_transient_faults_succeeds_in_a_second_round_that_says_so()
    {
        // The unlucky row meets six 503s (-MaxRetryCount 5 spent), then Zoom answers; every other row goes through.
        using var zoom = new FakeZoomAccount((user, n) => user == Unlucky && n <= 6 ? Unavailable : Created);
        for (var i = 0; i < 20; i++) Assert.Equal(UpdateStatus.Succeeded, zoom.Drive(zoom.Upload($"u{i}@example.com")).Status);

        var first = zoom.Drive(zoom.Upload(Unlucky));
        Assert.Equal(UpdateStatus.Failed, first.Status);
        Assert.Equal(ErrorIds.ServerError, first.ErrorId);
        Assert.Equal(6, first.Attempts);
        Assert.NotNull(first.SecondRound);

        var second = zoom.Drive(first.SecondRound!.RunAsync(CancellationToken.None));

        Assert.Equal(UpdateStatus.Succeeded, second.Status);
        Assert.Null(second.ErrorId);
        Assert.Equal(7, second.Attempts);
        Assert.Contains("Tried again at the end of the run: the first 6 attempts met transient faults only", second.Message);
        Assert.Equal(7, zoom.SentTo(Unlucky).Count);
    }

    [Fact]
    public void A_password_that_landed_in_the_first_round_is_found_in_place_by_the_second_not_applied_again()
    {
        // The first attempt was applied and its answer lost (a 503 after applying); the second round's is refused as the old password.
        using var zoom = new FakeZoomAccount((user, n) => user != Unlucky ? Created
            : n <= 6 ? Unavailable
            : (HttpStatusCode.BadRequest, "{\"code\":300,\"message\":\"Your new password can not match the old password.\"}"));
        for (var i = 0; i < 20; i++) zoom.Drive(zoom.Upload($"u{i}@example.com"));
        var body = "{\"password\":\"Zq8!k1.2.3.\"}"u8.ToArray();

        var first = zoom.Drive(zoom.Api.SetPasswordAsync(Unlucky, body, null, CancellationToken.None));
        var second = zoom.Drive(first.SecondRound!.RunAsync(CancellationToken.None));

        Assert.Equal(UpdateStatus.Succeeded, second.Status);
        Assert.Equal(7, second.Attempts);
        Assert.Contains("already in place", second.Message);
    }

    [Fact]
    public void While_most_recent_attempts_fail_no_second_round_is_offered_or_run()
    {
        var down = false;
        using var zoom = new FakeZoomAccount((user, n) => down || (user == Unlucky && n <= 6) ? Unavailable : Created);
        for (var i = 0; i < 20; i++) zoom.Drive(zoom.Upload($"u{i}@example.com"));
        var offered = zoom.Drive(zoom.Upload(Unlucky));
        Assert.NotNull(offered.SecondRound); // a bad day: 6 failures among 26 attempts

        // The service goes down: the round due now returns the first result, and sends nothing.
        down = true;
        for (var i = 0; i < 6; i++) zoom.Drive(zoom.Upload($"d{i}@example.com"));
        Assert.Null(zoom.Drive(zoom.Upload("another@example.com")).SecondRound); // most of the last 50 attempts failed: down, not unlucky
        var sent = zoom.SentTo(Unlucky).Count;
        var result = zoom.Drive(offered.SecondRound!.RunAsync(CancellationToken.None));

        Assert.Same(offered, result);
        Assert.Equal(UpdateStatus.Failed, result.Status);
        Assert.Equal(6, result.Attempts);
        Assert.Equal(sent, zoom.SentTo(Unlucky).Count);
    }

    [Fact]
    public void MaxRetryCount_0_asks_for_no_retries_and_gets_no_second_round()
    {
        using var zoom = new FakeZoomAccount((user, n) => user == Unlucky ? Unavailable : Created, maxRetryCount: 0);
        for (var i = 0; i < 20; i++) zoom.Drive(zoom.Upload($"u{i}@example.com"));
        var result = zoom.Drive(zoom.Upload(Unlucky));
        Assert.Equal(1, result.Attempts);
        Assert.Null(result.SecondRound);
    }

    // ---- A given password's second round: not long after an attempt that may have set it ----

    private static readonly (HttpStatusCode, string?) OldPassword = (HttpStatusCode.BadRequest, "{\"code\":300,\"message\":\"Your new password can not match the old password.\"}");

    [Theory]
    [InlineData(9, true)]
    [InlineData(11, false)]
    public void A_given_password_that_may_have_landed_is_sent_again_only_within_the_resend_window(int minutesLater, bool sentAgain)
    {
        // Six 503s (the first applied, its answer lost), then Zoom finds the password in place.
        using var zoom = new FakeZoomAccount((user, n) => user != Unlucky ? Created : n <= 6 ? Unavailable : OldPassword);
        for (var i = 0; i < 20; i++) zoom.Drive(zoom.Upload($"u{i}@example.com"));
        var body = "{\"password\":\"Zq8!k1.2.3.\"}"u8.ToArray();
        var first = zoom.Drive(zoom.Api.SetPasswordAsync(Unlucky, body, null, CancellationToken.None, ResendWindow.Default));
        Assert.NotNull(first.SecondRound);

        // The rest of the run takes this long; the first attempt began a few seconds before the first round ended.
        zoom.Time.Advance(TimeSpan.FromMinutes(minutesLater) - zoom.SentTo(Unlucky)[^1] + zoom.SentTo(Unlucky)[0]);
        var final = zoom.Drive(first.SecondRound!.RunAsync(CancellationToken.None));

        Assert.Equal(sentAgain ? 7 : 6, zoom.SentTo(Unlucky).Count);
        if (sentAgain)
        {
            Assert.Equal(UpdateStatus.Succeeded, final.Status);
            Assert.Contains("already in place", final.Message);
        }
        else
        {
            Assert.Same(first, final);
            Assert.Equal(UpdateStatus.Failed, final.Status);
            Assert.Equal(ErrorIds.ServerError, final.ErrorId);
            Assert.Contains("Not tried again at the end of the run: an earlier attempt may have set this password 11 min ago, more than 10 min", final.Message);
        }
    }

    [Fact]
    public void A_password_without_a_resend_window_is_sent_again_however_late()
    {
        // As a generated password is: nobody has seen it, so an hour later it is still the one to send.
        using var zoom = new FakeZoomAccount((user, n) => user != Unlucky ? Created : n <= 6 ? Unavailable : OldPassword);
        for (var i = 0; i < 20; i++) zoom.Drive(zoom.Upload($"u{i}@example.com"));
        var body = "{\"password\":\"Zq8!k1.2.3.\"}"u8.ToArray();
        var first = zoom.Drive(zoom.Api.SetPasswordAsync(Unlucky, body, null, CancellationToken.None, resendWithin: null));

        zoom.Time.Advance(TimeSpan.FromHours(1));
        var final = zoom.Drive(first.SecondRound!.RunAsync(CancellationToken.None));

        Assert.Equal(UpdateStatus.Succeeded, final.Status);
        Assert.Equal(7, zoom.SentTo(Unlucky).Count);
    }

    [Fact]
    public void The_resend_window_counts_from_the_first_attempt_that_may_have_landed_on_the_clock_it_is_given()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var window = new ResendWindow(clock, TimeSpan.FromMinutes(10));
        var landed = clock.GetTimestamp();

        Assert.Null(window.TooLate(null));
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(window.TooLate(landed));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(window.TooLate(landed));
        Assert.Null(window.TooLate(null)); // nothing may have landed: no bound
    }

    // ---- What a round holds is let go of, whichever way the row ends ----

    [Fact]
    public async Task A_round_releases_once_whether_it_runs_or_is_abandoned_and_an_abandoned_round_never_runs()
    {
        var first = UserUpdateResult.Failed("a@example.com", ZoomOperation.SetPassword, new Results.ZoomFailure(ErrorIds.ServerError, Results.FailureCategory.ConnectionError, "503"));
        var released = 0;
        var ran = false;
        var round = new SecondRound(first, () => true, _ => { ran = true; return Task.FromResult(first); });
        round.Finally(() => released++);

        round.Abandon();
        round.Abandon();
        var result = await round.RunAsync(CancellationToken.None);

        Assert.Equal(1, released);
        Assert.False(ran);
        Assert.Same(first, result);
    }

    // ---- BulkRunner: when the second round runs ----

    /// <summary>Messages are strings; "!x" offers a second round that gives "x (2nd)".</summary>
    private static SecondRounds<string> Rounds(List<string>? dropped = null) => new(
        m => m.StartsWith('!') ? _ => Task.FromResult(m[1..] + " (2nd)") : null,
        m => dropped?.Add(m));

    [Fact]
    public void A_parked_row_runs_again_once_the_rows_ahead_of_it_are_done_and_only_its_second_message_is_delivered()
    {
        using var runner = new BulkRunner<string>(2, CancellationToken.None, secondRounds: Rounds());
        var delivered = new List<string>();
        foreach (var row in new[] { "a", "!b", "c", "d" })
            runner.Submit(row.TrimStart('!'), _ => Task.FromResult(row), ex => ex.Message, delivered.Add);
        runner.Complete(delivered.Add);

        Assert.Equal(new[] { "a", "b (2nd)", "c", "d" }, delivered.Order());
        Assert.Equal("b (2nd)", delivered[^1]);
    }

    [Fact]
    public async Task A_later_row_for_the_same_user_resumes_the_parked_one_first_and_follows_it()
    {
        using var runner = new BulkRunner<string>(1, CancellationToken.None, secondRounds: Rounds());
        var delivered = new List<string>();
        var run = Task.Run(() =>
        {
            runner.Submit("alice", _ => Task.FromResult("!alice-old"), ex => ex.Message, delivered.Add);
            runner.Submit("bob", _ => Task.FromResult("bob"), ex => ex.Message, delivered.Add); // alice's first round has ended: parked
            runner.Submit("ALICE", _ => Task.FromResult("alice-new"), ex => ex.Message, delivered.Add);
            runner.Complete(delivered.Add);
        });
        // A row following a parked one without resuming it would wait for it with the only slot: a deadlock, not a slow run.
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        // -ThrottleLimit 1: alice's first round ends (parked) before bob starts; alice's second round before her next row.
        Assert.Equal(new[] { "bob", "alice-old (2nd)", "alice-new" }, delivered);
    }

    [Fact]
    public void Once_the_run_is_stopped_a_parked_row_keeps_its_first_message_and_its_round_is_not_run()
    {
        using var stop = new CancellationTokenSource();
        var ran = false;
        using var runner = new BulkRunner<string>(2, stop.Token, secondRounds: new SecondRounds<string>(
            m => m == "!b" ? _ => { ran = true; return Task.FromResult("b (2nd)"); } : null, _ => { }));
        var delivered = new List<string>();
        runner.Submit("b", _ => Task.FromResult("!b"), ex => ex.Message, delivered.Add);
        runner.Submit("a", _ => Task.FromResult("a"), ex => ex.Message, delivered.Add);
        SpinWait.SpinUntil(() => { runner.DeliverReady(delivered.Add); return runner.Pending == 0; });
        stop.Cancel();
        runner.Complete(delivered.Add);

        Assert.False(ran);
        Assert.Equal(new[] { "!b", "a" }, delivered.Order());
    }

    [Fact]
    public void Parked_rows_never_exceed_the_bound_and_every_row_still_gets_its_second_round()
    {
        // Every row offers a second round: without a bound all 200 would wait, each holding its payload.
        const int limit = 4;
        var held = 0;
        var peak = 0;
        var parkedCalls = 0;
        using var runner = new BulkRunner<string>(limit, CancellationToken.None, secondRounds: new SecondRounds<string>(
            m => m.StartsWith('!') ? _ => Task.FromResult(m[1..] + " (2nd)") : null,
            _ => { },
            _ => Interlocked.Increment(ref parkedCalls)));
        var delivered = new List<string>();
        void Deliver(string m)
        {
            delivered.Add(m);
            Interlocked.Decrement(ref held); // a row's payload is held from its start to its final message
        }

        for (var i = 0; i < 200; i++)
        {
            var row = "!r" + i;
            runner.Submit(null, _ =>
            {
                return Task.FromResult(row);
            }, ex => ex.Message, Deliver);
            InterlockedMax(ref peak, Interlocked.Increment(ref held));
            Assert.InRange(runner.ParkedCount, 0, BulkRunner<string>.MaxParked + limit);
        }
        runner.Complete(Deliver);

        Assert.Equal(200, delivered.Count);
        Assert.All(delivered, m => Assert.EndsWith("(2nd)", m));
        Assert.InRange(peak, 1, limit + BulkRunner<string>.MaxParked);
        Assert.Equal(200, parkedCalls);
    }

    [Fact]
    public void A_delivery_that_throws_during_the_second_rounds_leaves_every_row_not_yet_resumed_for_Dispose_to_drop()
    {
        var dropped = new List<string>();
        var runner = new BulkRunner<string>(1, CancellationToken.None, secondRounds: Rounds(dropped));
        var delivered = new List<string>();
        foreach (var row in new[] { "!a", "!b", "!c", "!d" })
            runner.Submit(row[1..], _ => Task.FromResult(row), ex => ex.Message, delivered.Add);

        // The first second-round result to be written stops the pipeline (-ErrorAction Stop, Ctrl+C).
        Assert.Throws<InvalidOperationException>(() => runner.Complete(m => throw new InvalidOperationException("stopped")));
        runner.Dispose();

        Assert.Empty(delivered);
        // a's round ran and its message was the one that threw; the others never ran and are dropped.
        Assert.Equal(new[] { "!b", "!c", "!d" }, dropped.Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
