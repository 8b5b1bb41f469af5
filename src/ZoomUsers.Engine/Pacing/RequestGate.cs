using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// Lets requests go one at a time, first come first served: each no sooner than one interval
    /// (1 / rate) after the previous, none during a pause, and, when a hard cap is set, never more
    /// than the cap's count within any window of the cap's (<see cref="RequestCap"/>).
    /// <para>
    /// Hand-written rather than System.Threading.RateLimiting's: its token bucket hands out a whole
    /// bucket at once when idle (a full bucket plus a timer started at Connect-Zoom was how
    /// -RequestsPerSecond 15 sent 18 in its first second), its sliding window counts in segment-aligned
    /// windows rather than any window, neither changes its rate in place (a new limiter per change,
    /// waiters requeued), and neither knows a pause. Spacing by interval with no stored credit has
    /// none of those problems, and the window cap makes "never exceeded in any second" a rule, not a
    /// statistic.
    /// </para>
    /// </summary>
    internal sealed class RequestGate : IDisposable
    {
        private static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(50);

        private readonly object _gate = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private readonly Queue<long> _granted = new Queue<long>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
        private long _intervalTicks;
        private long _lastTicks = long.MinValue / 2;
        private long _pausedUntilTicks;
        private RequestCap? _cap;
        private bool _pumping;
        private TaskCompletionSource<bool> _wake = NewSignal();

        public RequestGate(double rate)
        {
            SetRate(rate);
        }

        /// <summary>Time on the gate's own clock: what <see cref="PauseFor"/> and the window count in.</summary>
        public TimeSpan Now => _clock.Elapsed;

        public void SetRate(double rate)
        {
            if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate));
            lock (_gate) _intervalTicks = (long)(TimeSpan.TicksPerSecond / rate);
            Wake();
        }

        /// <summary>At most the cap's count of requests in any window of its; null lifts the cap.</summary>
        public void SetWindowCap(RequestCap? cap)
        {
            lock (_gate) _cap = cap;
            Wake();
        }

        /// <summary>No request goes until this long from now (a longer pause already running stands).</summary>
        public void PauseFor(TimeSpan pause)
        {
            lock (_gate) _pausedUntilTicks = Math.Max(_pausedUntilTicks, _clock.Elapsed.Ticks + pause.Ticks);
            Wake();
        }

        /// <summary>True while a pause runs.</summary>
        public bool IsPaused
        {
            get { lock (_gate) return _pausedUntilTicks > _clock.Elapsed.Ticks; }
        }

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(RequestGate));
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            bool start;
            lock (_gate)
            {
                // Idle time owes nothing: without this, the first request after an idle spell would find
                // its due time long past, catch up a whole interval and let the next one go at once.
                DropCancelled();
                if (_waiters.Count == 0) _lastTicks = Math.Max(_lastTicks, _clock.Elapsed.Ticks - _intervalTicks);
                _waiters.Enqueue(waiter);
                start = !_pumping;
                _pumping = true;
            }
            if (start) _ = Task.Run(PumpAsync);
            else Wake();
            return waiter.Task;
        }

        /// <summary>One loop hands out every permit, so order and spacing need no coordination between waiters.</summary>
        private async Task PumpAsync()
        {
            while (true)
            {
                Task signal;
                TimeSpan wait;
                TaskCompletionSource<bool>? grant = null;
                lock (_gate)
                {
                    DropCancelled();
                    if (_waiters.Count == 0 || _disposed.IsCancellationRequested)
                    {
                        _pumping = false;
                        foreach (var w in _waiters) w.TrySetException(new ObjectDisposedException(nameof(RequestGate)));
                        _waiters.Clear();
                        return;
                    }

                    var now = _clock.Elapsed.Ticks;
                    var due = DueTicks(now);
                    if (due <= now)
                    {
                        grant = _waiters.Dequeue();
                        // A late wake-up (a busy machine, Windows' 15.6 ms timer) may catch up on what it
                        // owes, up to CatchUp's worth: the rate holds without storing a burst. The window
                        // cap, when set, still bounds every second.
                        _lastTicks = Math.Max(due, now - Math.Max(_intervalTicks, CatchUp.Ticks));
                        if (_cap.HasValue)
                        {
                            _granted.Enqueue(now);
                            while (_granted.Count > _cap.Value.Count) _granted.Dequeue();
                        }
                        wait = TimeSpan.Zero;
                        signal = Task.CompletedTask;
                    }
                    else
                    {
                        wait = TimeSpan.FromTicks(due - now);
                        if (_wake.Task.IsCompleted) _wake = NewSignal();
                        signal = _wake.Task;
                    }
                }

                if (grant != null)
                {
                    grant.TrySetResult(true);
                    continue;
                }
                try
                {
                    await Task.WhenAny(Task.Delay(wait, _disposed.Token), signal).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                }
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

        private void Wake()
        {
            TaskCompletionSource<bool> wake;
            lock (_gate) wake = _wake;
            wake.TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            if (_disposed.IsCancellationRequested) return;
            _disposed.Cancel();
            Wake();
            lock (_gate)
            {
                if (!_pumping)
                {
                    foreach (var w in _waiters) w.TrySetException(new ObjectDisposedException(nameof(RequestGate)));
                    _waiters.Clear();
                }
            }
        }
    }
}
