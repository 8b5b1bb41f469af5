using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Pacing;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// The rate law alone on an account: a discrete-time model (1 ms steps, a fake clock) of senders
/// sharing one Zoom account, whose clients are a <see cref="RateController"/> with its own copy of the
/// pacer's spacing and 1 s pause (no gate, no window cap, no concurrency bound). The server and the
/// steady app are <see cref="AccountModel"/>'s, which drives the real <see cref="AccountPacer"/>
/// instead. The rate-law theories in <see cref="RateControllerTests"/> were tuned on this model and
/// keep it: on the real pacer, a steady app sharing an account without rate headers is refused 3.2%
/// (here 0.7%; their assertion is 2%). Why is not yet known: in the traced run, while the real pacer
/// held above what the other app left, the bucket's refusals fell on the other app's requests and not
/// on this session's, so its hold never tightened (see AccountModelTests).
/// </summary>
internal sealed class RateLawModel
{
    /// <summary>How the server counts: Zoom's own algorithm is not published, so the pacer must do with either.</summary>
    public enum Counting
    {
        /// <summary>A token bucket holding one second's allowance, refilled continuously (the simulator's).</summary>
        TokenBucket,
        /// <summary>At most the limit in each calendar second, the count starting afresh at each.</summary>
        FixedWindow,
    }

    private readonly double _limit;
    private readonly TimeSpan _latency;
    private readonly bool _headers;
    private readonly bool _refusalsCarryLimit;
    private readonly Counting _counting;
    private long _window = -1;
    private int _inWindow;
    private readonly List<Client> _clients = new();
    private double _tokens;
    private TimeSpan _now;
    private readonly FakeTimeProvider _time = new();

    /// <param name="headers">Successful answers carry X-RateLimit-Limit and X-RateLimit-Remaining.</param>
    /// <param name="refusalsCarryLimit">429s carry X-RateLimit-Limit (as the simulator's do); false: probing alone.</param>
    public RateLawModel(double limit, TimeSpan latency, bool headers, bool refusalsCarryLimit = false, Counting counting = Counting.TokenBucket)
    {
        _counting = counting;
        _limit = limit;
        _latency = latency;
        _headers = headers;
        _refusalsCarryLimit = refusalsCarryLimit;
        _tokens = limit;
    }

    public TimeSpan Now => _now;

    public Client AddController(double? ceiling = null, TimeSpan? startAt = null)
    {
        var c = new Client(new RateController(ceiling, _time), null, startAt ?? TimeSpan.Zero);
        _clients.Add(c);
        return c;
    }

    public Client AddSteadyApp(double perSecond)
    {
        var c = new Client(null, perSecond, TimeSpan.Zero);
        _clients.Add(c);
        return c;
    }

    public void Run(TimeSpan duration)
    {
        var step = TimeSpan.FromMilliseconds(1);
        var end = _now + duration;
        while (_now < end)
        {
            _now += step;
            _time.Advance(step);
            _tokens = Math.Min(_limit, _tokens + _limit * step.TotalSeconds);
            foreach (var c in _clients) c.Deliver(_now, _headers ? _limit : null, _headers || _refusalsCarryLimit ? _limit : null);
            foreach (var c in _clients) c.TrySend(_now, _latency, this);
        }
    }

    private (bool Accepted, long Remaining) Acquire()
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
        if (_tokens < 1) return (false, 0);
        _tokens -= 1;
        return (true, (long)Math.Floor(_tokens));
    }

    internal sealed class Client
    {
        private readonly double? _steady;
        private readonly Queue<(TimeSpan At, bool Accepted, long Remaining)> _answers = new();
        private TimeSpan _next;
        private TimeSpan _pausedUntil;

        public Client(RateController? controller, double? steady, TimeSpan startAt)
        {
            Controller = controller;
            _steady = steady;
            _next = startAt;
        }

        public RateController? Controller { get; }
        public int Sent { get; private set; }
        public int Accepted { get; private set; }
        public int Refused { get; private set; }
        public List<RateChange> Changes { get; } = new();
        public double RefusedShare => Sent == 0 ? 0 : (double)Refused / Sent;

        /// <summary>The rate the client sends at now: its controller's, or the steady app's.</summary>
        public double Rate => Controller?.Rate ?? _steady!.Value;

        public void TrySend(TimeSpan now, TimeSpan latency, RateLawModel account)
        {
            if (now < _next || now < _pausedUntil) return;
            Controller?.Sent();
            Sent++;
            var (accepted, remaining) = account.Acquire();
            if (accepted) Accepted++; else Refused++;
            _answers.Enqueue((now + latency, accepted, remaining));
            var interval = TimeSpan.FromSeconds(1 / Rate);
            _next = _next + interval < now - interval ? now : _next + interval; // exact spacing, no stored credit
        }

        public void Deliver(TimeSpan now, double? advertised, double? advertisedOnRefusal)
        {
            while (_answers.Count > 0 && _answers.Peek().At <= now)
            {
                var a = _answers.Dequeue();
                if (Controller == null) continue; // the other app neither learns nor pauses
                RateChange? change;
                if (a.Accepted)
                {
                    change = Controller.Clean(advertised, advertised.HasValue ? a.Remaining : null);
                }
                else
                {
                    _pausedUntil = now + TimeSpan.FromSeconds(1);
                    change = Controller.Throttled(advertisedOnRefusal);
                }
                if (change != null)
                {
                    Changes.Add(change);
                }
            }
        }
    }
}
