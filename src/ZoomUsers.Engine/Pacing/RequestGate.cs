using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// Lets requests go one at a time, first come first served: each due one interval (1 / rate) after
    /// the previous one was due, none during a pause, and, when a hard cap is set, never more than the
    /// cap's count within any window of the cap's (<see cref="RequestCap"/>).
    /// <para>
    /// Idle time stores no credit: a request arriving after a quiet spell is due at once, and the one
    /// after it a full interval later. A late timer wake-up of L (a busy machine, Windows' 15.6 ms
    /// timer) may catch up what it owes, but no more than <see cref="CatchUp"/> or one interval, whichever
    /// is longer: the next gap is then interval - L, and below 20/s (an interval over 50 ms) a wake-up
    /// late by a whole interval can send two back to back. The window cap, when set, still bounds every
    /// window; without one the rate holds on average, not in every gap.
    /// </para>
    /// <para>
    /// Hand-written rather than System.Threading.RateLimiting's: its token bucket hands out a whole
    /// bucket at once when idle (a full bucket plus a timer started at Connect-Zoom was how
    /// -RequestsPerSecond 15 sent 18 in its first second), its sliding window counts in segment-aligned
    /// windows rather than any window, neither changes its rate in place (a new limiter per change,
    /// waiters requeued), and neither knows a pause.
    /// </para>
    /// <para>
    /// No loop of its own: each arrival, each change and one timer on the <see cref="TimeProvider"/> hand
    /// out whatever is due. So on a fake clock every grant happens inside the call that advanced the
    /// clock, and the pacer is unit-tested without real time or threads.
    /// </para>
    /// </summary>
    internal sealed class RequestGate : IDisposable
    {
        /// <summary>What a late wake-up may catch up: a few of Windows' 15.6 ms timer ticks.</summary>
        private static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(50);

        private readonly object _gate = new object();
        private readonly TimeProvider _time;
        private readonly long _origin;
        private readonly Func<bool> _granting;
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private readonly Queue<long> _granted = new Queue<long>();
        private readonly ITimer _timer;
        private long _intervalTicks;
        private long _lastTicks = long.MinValue / 2;
        private long _pausedUntilTicks;
        private RequestCap? _cap;
        private bool _disposed;

        /// <param name="granting">
        /// Called as each request's turn comes, outside the gate's lock: true lets it go, false turns it
        /// away (the daily limit reached while it waited); its wait then ends with false.
        /// </param>
        public RequestGate(double rate, TimeProvider time, Func<bool>? granting = null)
        {
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _origin = time.GetTimestamp();
            _granting = granting ?? (() => true);
            _timer = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            SetRate(rate);
        }

        /// <summary>Time on the gate's clock since it was made: what <see cref="PauseFor"/> and the window count in.</summary>
        public TimeSpan Now => _time.GetElapsedTime(_origin);

        public void SetRate(double rate)
        {
            if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate));
            lock (_gate) _intervalTicks = (long)(TimeSpan.TicksPerSecond / rate);
            Release();
        }

        /// <summary>At most the cap's count of requests in any window of its; null lifts the cap.</summary>
        public void SetWindowCap(RequestCap? cap)
        {
            lock (_gate) _cap = cap;
            Release();
        }

        /// <summary>No request goes until this long from now (a longer pause already running stands).</summary>
        public void PauseFor(TimeSpan pause)
        {
            lock (_gate) _pausedUntilTicks = Math.Max(_pausedUntilTicks, Now.Ticks + pause.Ticks);
            Release();
        }

        /// <summary>True while a pause runs.</summary>
        public bool IsPaused
        {
            get { lock (_gate) return _pausedUntilTicks > Now.Ticks; }
        }

        /// <summary>The request's turn: true to go, false when <c>granting</c> turned it away.</summary>
        public Task<bool> WaitAsync(CancellationToken cancellationToken)
        {
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(RequestGate));
                // Idle time owes nothing: without this, the first request after an idle spell would find
                // its due time long past, catch up a whole interval and let the next one go at once.
                DropCancelled();
                if (_waiters.Count == 0) _lastTicks = Math.Max(_lastTicks, Now.Ticks - _intervalTicks);
                _waiters.Enqueue(waiter);
            }
            Release();
            return waiter.Task;
        }

        /// <summary>
        /// Lets go every request that is due now, then sets the timer for the next one. Grants are
        /// chosen under the lock and completed outside it (the caller's continuations run elsewhere;
        /// <c>granting</c> may take the pacer's lock, which itself calls into the gate).
        /// </summary>
        private void Release()
        {
            List<TaskCompletionSource<bool>>? due = null;
            lock (_gate)
            {
                if (_disposed) return;
                DropCancelled();
                var now = Now.Ticks;
                while (_waiters.Count > 0)
                {
                    var at = DueTicks(now);
                    if (at > now)
                    {
                        _timer.Change(TimeSpan.FromTicks(at - now), Timeout.InfiniteTimeSpan);
                        break;
                    }
                    (due ??= new List<TaskCompletionSource<bool>>()).Add(_waiters.Dequeue());
                    // A late wake-up may catch up on what it owes, up to CatchUp's worth (or one interval):
                    // the rate holds without storing a burst. The window cap, when set, bounds every window.
                    _lastTicks = Math.Max(at, now - Math.Max(_intervalTicks, CatchUp.Ticks));
                    if (_cap.HasValue)
                    {
                        _granted.Enqueue(now);
                        while (_granted.Count > _cap.Value.Count) _granted.Dequeue();
                    }
                    DropCancelled();
                }
            }
            if (due == null) return;
            foreach (var waiter in due)
            {
                if (waiter.Task.IsCompleted) continue; // cancelled meanwhile: its permit is spent, as a request that left and failed
                waiter.TrySetResult(_granting());
            }
        }

        // Caller holds _gate.
        private void DropCancelled()
        {
            while (_waiters.Count > 0 && _waiters.Peek().Task.IsCompleted) _waiters.Dequeue();
        }

        // Caller holds _gate.
        private long DueTicks(long now)
        {
            var due = Math.Max(_lastTicks + _intervalTicks, _pausedUntilTicks);
            if (_cap.HasValue)
            {
                var cap = _cap.Value;
                while (_granted.Count > cap.Count) _granted.Dequeue();
                if (_granted.Count == cap.Count) due = Math.Max(due, _granted.Peek() + cap.Window.Ticks);
            }
            return due;
        }

        public void Dispose()
        {
            TaskCompletionSource<bool>[] left;
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                left = _waiters.ToArray();
                _waiters.Clear();
            }
            _timer.Dispose();
            foreach (var w in left) w.TrySetException(new ObjectDisposedException(nameof(RequestGate)));
        }
    }
}
