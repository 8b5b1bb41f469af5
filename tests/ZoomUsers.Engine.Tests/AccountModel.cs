using System.Net;
using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Http;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// A discrete-time model (1 ms steps on a <see cref="FakeTimeProvider"/>) of senders sharing one Zoom
/// account: a server that counts with a token bucket (capacity = limit, refilled at the limit per
/// second, as the simulator does) or per calendar second (<see cref="Counting"/>); clients that are the
/// real <see cref="AccountPacer"/> and its <see cref="RequestGate"/> on the fake clock, each with a
/// number of workers that wait at the gate, send, and wait for the answer (<see cref="ZoomAnswer"/>s
/// read from real HTTP responses: 429s carry <c>Retry-After: 1</c> as the simulator's do); and
/// optionally another app sending at a steady rate. Deterministic: no real time, no threads (the gate
/// hands out permits inside <see cref="FakeTimeProvider.Advance"/>).
/// </summary>
internal sealed class AccountModel
{
    /// <summary>How the server counts: Zoom's own algorithm is not published, so the pacer must do with either.</summary>
    public enum Counting
    {
        /// <summary>A token bucket holding one second's allowance, refilled continuously (the simulator's).</summary>
        TokenBucket,
        /// <summary>At most the limit in each calendar second, the count starting afresh at each.</summary>
        FixedWindow,
    }

    /// <summary>Workers per client unless told: enough that the rate, not concurrency, is what limits.</summary>
    public const int ManyWorkers = 256;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly double _limit;
    private readonly TimeSpan _latency;
    private readonly bool _headers;
    private readonly bool _refusalsCarryLimit;
    private readonly Counting _counting;
    private readonly List<IParticipant> _clients = new();
    private long _window = -1;
    private int _inWindow;
    private double _tokens;
    private TimeSpan _now;

    /// <param name="headers">Successful answers carry X-RateLimit-Limit and X-RateLimit-Remaining.</param>
    /// <param name="refusalsCarryLimit">429s carry X-RateLimit-Limit (as the simulator's do); false: probing alone.</param>
    public AccountModel(double limit, TimeSpan latency, bool headers, bool refusalsCarryLimit = false, Counting counting = Counting.TokenBucket)
    {
        _counting = counting;
        _limit = limit;
        _latency = latency;
        _headers = headers;
        _refusalsCarryLimit = refusalsCarryLimit;
        _tokens = limit;
    }

    /// <summary>The one clock every client's pacer reads.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public TimeSpan Now => _now;

    public TimeSpan Latency => _latency;

    /// <summary>A sender on the account, stepped once a millisecond: answers due first, then sends.</summary>
    internal interface IParticipant
    {
        void Deliver(TimeSpan now);
        void Send(TimeSpan now);
    }

    /// <summary>A bulk run of <paramref name="rows"/> rows through the real pacer, on a bad day or a clean one (<see cref="BulkRunModel"/>).</summary>
    public BulkRunModel AddBulkRun(int throttleLimit, int rows, BadDay faults)
    {
        var run = new BulkRunModel(this, new AccountPacer(null, Time), throttleLimit, rows, faults);
        _clients.Add(run);
        return run;
    }

    /// <summary>A session: the real pacer, with <paramref name="workers"/> rows in flight at most.</summary>
    public Client AddController(double? ceiling = null, TimeSpan? startAt = null, int workers = ManyWorkers)
    {
        var c = new Client(this, new AccountPacer(ceiling, Time), null, startAt ?? TimeSpan.Zero, workers);
        _clients.Add(c);
        return c;
    }

    public Client AddSteadyApp(double perSecond)
    {
        var c = new Client(this, null, perSecond, TimeSpan.Zero, 0);
        _clients.Add(c);
        return c;
    }

    public void Run(TimeSpan duration)
    {
        var end = _now + duration;
        while (_now < end)
        {
            _now += Step;
            _tokens = Math.Min(_limit, _tokens + _limit * Step.TotalSeconds);
            // Answers first, as a server's answer and a timer due in the same millisecond race in life:
            // a 429 then pauses the gate before it lets anything more go.
            foreach (var c in _clients) c.Deliver(_now);
            Time.Advance(Step); // the gates let go whatever is due
            foreach (var c in _clients) c.Send(_now);
        }
    }

    internal (bool Accepted, long Remaining) Acquire()
    {
        if (_counting == Counting.FixedWindow)
        {
            var window = _now.Ticks / TimeSpan.TicksPerSecond;
            if (window != _window)
            {
                _window = window;
                _inWindow = 0;
            }
            if (_inWindow >= (int)_limit) return (false, 0);
            _inWindow++;
            return (true, (long)_limit - _inWindow);
        }
        // A millisecond's refill added up in floating point lands a hair under a whole token exactly when
        // one is due: without the tolerance a sender on a 125 ms beat (the steady app) was refused there,
        // every time, which the real server (and the simulator's clock) would not do.
        if (_tokens < 1 - 1e-9) return (false, 0);
        _tokens -= 1;
        return (true, (long)Math.Floor(_tokens));
    }

    /// <summary>The answer Zoom would send, read the way <see cref="AnswerHandler"/> reads it.</summary>
    internal ZoomAnswer Answer(bool accepted, long remaining, int status = 201)
    {
        using var response = new HttpResponseMessage(accepted ? (HttpStatusCode)status : (HttpStatusCode)429);
        if (accepted ? _headers : _headers || _refusalsCarryLimit)
        {
            response.Headers.Add("X-RateLimit-Type", "QPS");
            response.Headers.Add("X-RateLimit-Limit", _limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.Headers.Add("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!accepted)
        {
            response.Headers.Add("Retry-After", "1");
            response.Content = new StringContent("{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API.\"}");
        }
        return ZoomAnswer.ReadAsync(response, Time.GetUtcNow()).GetAwaiter().GetResult();
    }

    internal sealed class Client : IParticipant
    {
        private readonly AccountModel _account;
        private readonly double? _steady;
        private readonly int _workers;
        private readonly TimeSpan _startAt;
        private readonly List<Task> _waiting = new();
        private readonly Queue<(TimeSpan At, bool Accepted, long Remaining)> _answers = new();
        private TimeSpan _next;

        public Client(AccountModel account, AccountPacer? pacer, double? steady, TimeSpan startAt, int workers)
        {
            _account = account;
            Pacer = pacer;
            _steady = steady;
            _startAt = startAt;
            _next = startAt;
            _workers = workers;
        }

        public AccountPacer? Pacer { get; }
        public int Sent { get; private set; }
        public int Accepted { get; private set; }
        public int Refused { get; private set; }
        public List<RateChange> Changes { get; } = new();
        public double RefusedShare => Sent == 0 ? 0 : (double)Refused / Sent;

        /// <summary>The rate the client sends at now: its pacer's, or the steady app's.</summary>
        public double Rate => Pacer?.CurrentRate ?? _steady!.Value;

        /// <summary>Requests sent and not yet answered.</summary>
        public int InFlight => _answers.Count;

        public void Send(TimeSpan now)
        {
            if (now < _startAt) return;
            if (Pacer == null)
            {
                if (now < _next) return;
                Transmit(now);
                var interval = TimeSpan.FromSeconds(1 / _steady!.Value);
                _next = _next + interval < now - interval ? now : _next + interval; // exact spacing, no stored credit
                return;
            }
            // Workers whose turn came go; then every free worker joins the gate's queue (a turn that is
            // due at once is granted inside WaitAsync, and goes in this same step).
            while (true)
            {
                var went = _waiting.RemoveAll(t => t.IsCompleted);
                for (var i = 0; i < went; i++) Transmit(now);
                if (_waiting.Count + _answers.Count >= _workers) return;
                _waiting.Add(Pacer.WaitAsync(CancellationToken.None));
                if (!_waiting[^1].IsCompleted && _waiting.Count + _answers.Count >= _workers) return;
            }
        }

        private void Transmit(TimeSpan now)
        {
            Sent++;
            var (accepted, remaining) = _account.Acquire();
            if (accepted) Accepted++; else Refused++;
            _answers.Enqueue((now + _account._latency, accepted, remaining));
        }

        public void Deliver(TimeSpan now)
        {
            while (_answers.Count > 0 && _answers.Peek().At <= now)
            {
                var a = _answers.Dequeue();
                if (Pacer == null) continue; // the other app neither learns nor pauses
                Pacer.ReportSlotTime(_account._latency);
                var change = Pacer.Observe(_account.Answer(a.Accepted, a.Remaining));
                if (change != null) Changes.Add(change);
            }
        }
    }
}
