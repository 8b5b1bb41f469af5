using ZoomUsers.Bulk;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>What a bad day does to a request in <see cref="AccountModel"/>: each share is a probability per request that reached the account.</summary>
/// <param name="Status503">Answered 503 after the usual latency (a transient answer: backoff, then a retry).</param>
/// <param name="Drop">The connection drops after half the latency, with no answer.</param>
/// <param name="Stall">No answer at all: the attempt ends at <see cref="Timeout"/> (-TimeoutSec).</param>
internal sealed record BadDay(double Status503, double Drop, double Stall, TimeSpan Timeout, TimeSpan RetryBaseDelay, int MaxRetryCount = 5, int Seed = 21)
{
    /// <summary>Issue 21's bad day: 10% 503, 5% drops, 2% stalls past -TimeoutSec 3, retries after 0.5 s doubling.</summary>
    public static BadDay Issue21 { get; } = new(0.10, 0.05, 0.02, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.5));

    public static BadDay None { get; } = new(0, 0, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(0.5));
}

/// <summary>
/// A bulk run in <see cref="AccountModel"/> as <c>BulkRunner</c> and the handlers make it: rows start
/// while BulkRunner's own sizing (<see cref="InFlightLimit"/>, over -ThrottleLimit and the real pacer's
/// <see cref="AccountPacer.SuggestedConcurrency"/>) admits one more;
/// each attempt waits its turn at the real pacer, holds its slot through its exchange (a stall until the
/// timeout, a dropped connection) and through the retry backoff after a transient failure, and reports
/// that time as <c>PacingHandler</c> does. Every row ends in exactly one result.
/// </summary>
internal sealed class BulkRunModel : AccountModel.IParticipant
{
    private enum Stage { Turn, Exchange, Backoff }

    private sealed class Row
    {
        public Stage Stage;
        public Task<bool>? Turn;
        public TimeSpan Until;          // exchange or backoff ends
        public TimeSpan SentAt;
        public TimeSpan Backoff;        // sat out before this attempt
        public int Failures;            // transient failures so far
        public Outcome Outcome;
        public long Remaining;          // X-RateLimit-Remaining the server would send
    }

    private enum Outcome { Accepted, Refused, Status503, Dropped, Stalled }

    private readonly AccountModel _account;
    private readonly BadDay _faults;
    private readonly InFlightLimit _limit;
    private readonly Random _random;
    private readonly List<Row> _rows = new();
    private readonly int _total;
    private readonly List<TimeSpan> _sent = new();

    public BulkRunModel(AccountModel account, AccountPacer pacer, int throttleLimit, int rows, BadDay faults)
    {
        _account = account;
        Pacer = pacer;
        _limit = new InFlightLimit(throttleLimit, () =>
        {
            var suggested = Pacer.SuggestedConcurrency;
            MostSuggested = Math.Max(MostSuggested, suggested);
            return suggested;
        });
        _total = rows;
        _faults = faults;
        _random = new Random(faults.Seed);
    }

    public AccountPacer Pacer { get; }
    public int Started { get; private set; }
    public int Succeeded { get; private set; }
    public int Failed { get; private set; }
    public int Results => Succeeded + Failed;
    public int Sent => _sent.Count;
    public int MostInFlight { get; private set; }
    private readonly List<(TimeSpan At, int Rows)> _inFlight = new();

    /// <summary>The most rows in flight at any step from <paramref name="from"/> on.</summary>
    public int MostInFlightSince(TimeSpan from) => _inFlight.Where(x => x.At >= from).Max(x => x.Rows);
    /// <summary>The most rows the pacer asked for at any moment (before -ThrottleLimit capped it).</summary>
    public int MostSuggested { get; private set; }
    public bool Done => Results == _total;

    /// <summary>Requests sent per second between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public double SentPerSecond(TimeSpan from, TimeSpan to) => _sent.Count(t => t >= from && t < to) / (to - from).TotalSeconds;

    public void Deliver(TimeSpan now)
    {
        foreach (var row in _rows.ToList())
        {
            if (row.Stage == Stage.Exchange && row.Until <= now) EndExchange(row, now);
            else if (row.Stage == Stage.Backoff && row.Until <= now) WaitTurn(row, now);
        }
    }

    public void Send(TimeSpan now)
    {
        // BulkRunner: a new row while its sizing admits one.
        while (Started < _total && _limit.Admits(_rows.Count))
        {
            var row = new Row();
            _rows.Add(row);
            Started++;
            MostInFlight = Math.Max(MostInFlight, _rows.Count);
            WaitTurn(row, now);
        }
        _inFlight.Add((now, _rows.Count));
        foreach (var row in _rows)
            if (row.Stage == Stage.Turn && row.Turn!.IsCompleted) Transmit(row, now);
    }

    private void WaitTurn(Row row, TimeSpan now)
    {
        row.Stage = Stage.Turn;
        row.Turn = Pacer.WaitAsync(CancellationToken.None);
    }

    private void Transmit(Row row, TimeSpan now)
    {
        _sent.Add(now);
        var (accepted, remaining) = _account.Acquire();
        row.Remaining = remaining;
        row.SentAt = now;
        row.Stage = Stage.Exchange;
        var draw = _random.NextDouble();
        row.Outcome = !accepted ? Outcome.Refused
            : draw < _faults.Status503 ? Outcome.Status503
            : draw < _faults.Status503 + _faults.Drop ? Outcome.Dropped
            : draw < _faults.Status503 + _faults.Drop + _faults.Stall ? Outcome.Stalled
            : Outcome.Accepted;
        row.Until = now + row.Outcome switch
        {
            Outcome.Dropped => _account.Latency / 2,
            Outcome.Stalled => _faults.Timeout,
            _ => _account.Latency,
        };
    }

    private void EndExchange(Row row, TimeSpan now)
    {
        // PacingHandler: the slot was held through the backoff before this attempt and its exchange.
        Pacer.ReportSlotTime(row.Backoff + (now - row.SentAt));
        row.Backoff = TimeSpan.Zero;
        switch (row.Outcome)
        {
            case Outcome.Accepted:
                Pacer.Observe(_account.Answer(accepted: true, row.Remaining));
                Finish(row, succeeded: true);
                return;
            case Outcome.Refused: // a 429 is retried at once: it waits in the account's shared pause
                Pacer.Observe(_account.Answer(accepted: false, row.Remaining));
                WaitTurn(row, now);
                return;
            case Outcome.Status503:
                Pacer.Observe(_account.Answer(accepted: true, row.Remaining, status: 503));
                break;
        }
        if (++row.Failures > _faults.MaxRetryCount)
        {
            Finish(row, succeeded: false);
            return;
        }
        // Polly's exponential backoff with jitter, about RetryBaseDelay x 2^(n-1), here deterministic.
        var delay = _faults.RetryBaseDelay.TotalSeconds * Math.Pow(2, row.Failures - 1) * (0.5 + _random.NextDouble());
        row.Backoff = TimeSpan.FromSeconds(Math.Min(delay, 30));
        row.Stage = Stage.Backoff;
        row.Until = now + row.Backoff;
    }

    private void Finish(Row row, bool succeeded)
    {
        _rows.Remove(row);
        if (succeeded) Succeeded++; else Failed++;
    }
}
