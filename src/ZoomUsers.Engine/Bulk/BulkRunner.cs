using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Bulk
{
    /// <summary>
    /// Runs up to <c>throttleLimit</c> rows at once while input is still arriving, and hands every
    /// message back to the one thread that consumes them (PowerShell's pipeline thread, the only
    /// one allowed to write). A row holds its slot until its message has been delivered, not merely
    /// until its work ends: rows started and not yet written never exceed the limit, so memory stays
    /// flat whatever the input size. Submitting blocks while the limit is reached and delivers what
    /// has finished meanwhile.
    /// <para>
    /// The limit is an upper bound: a <c>targetInFlight</c> callback (Little's law: rate x round trip,
    /// from the pacer) keeps fewer rows started when fewer suffice, so a slow account does not hold
    /// ThrottleLimit rows' data waiting for permits. Rows with the same key (a user id, compared
    /// case-insensitively) never run at once: Zoom limits concurrent operations on one resource, so a
    /// repeated row waits for the one before it to finish and its result comes after.
    /// </para>
    /// </summary>
    internal sealed class BulkRunner<TMessage> : IDisposable
    {
        private readonly BlockingCollection<Envelope> _outbox = new BlockingCollection<Envelope>();
        private readonly SemaphoreSlim _slots;
        private readonly CancellationToken _cancellation;
        private readonly int _throttleLimit;
        private readonly Func<int>? _targetInFlight;
        private readonly Dictionary<string, Task> _lastByKey = new Dictionary<string, Task>(StringComparer.OrdinalIgnoreCase);
        private int _running;
        private int _disposeRequested;

        public BulkRunner(int throttleLimit, CancellationToken cancellation, Func<int>? targetInFlight = null)
        {
            _targetInFlight = targetInFlight;
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            _throttleLimit = throttleLimit;
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
            _cancellation = cancellation;
        }

        /// <summary>Rows started and not yet delivered: never more than the throttle limit.</summary>
        public int Pending => _throttleLimit - _slots.CurrentCount; // a slot is held from start to delivery

        /// <summary>From any thread: a message (a log line, say) to deliver on the consumer thread.</summary>
        public void Post(TMessage message) => _outbox.Add(new Envelope(message, completesWork: false));

        /// <summary>
        /// On the consumer thread: starts <paramref name="work"/> once a slot is free, delivering
        /// finished messages while it waits. <paramref name="onFault"/> turns an unexpected exception
        /// into the row's message, so no row is ever lost.
        /// </summary>
        /// <param name="key">Rows with equal keys run one after another, in submission order; null: no constraint.</param>
        public void Submit(string? key, Func<CancellationToken, Task<TMessage>> work, Func<Exception, TMessage> onFault, Action<TMessage> deliver)
        {
            while (Pending >= TargetInFlight() || !_slots.Wait(0))
                DeliverOne(deliver);

            Interlocked.Increment(ref _running);
            var before = Follow(key, out var done);
            Task<TMessage> task;
            try
            {
                task = before == null
                    ? Task.Run(() => work(_cancellation), CancellationToken.None)
                    : Task.Run(async () =>
                    {
                        await before.ConfigureAwait(false);
                        return await work(_cancellation).ConfigureAwait(false);
                    }, CancellationToken.None);
            }
            catch (Exception ex)
            {
                task = Task.FromException<TMessage>(ex);
            }

            task.ContinueWith(t =>
            {
                try
                {
                    var message = t.Status == TaskStatus.RanToCompletion ? t.Result : onFault(t.Exception?.GetBaseException() ?? new TaskCanceledException());
                    if (Volatile.Read(ref _disposeRequested) != 0) return; // the pipeline ended (Ctrl+C): nobody will read it
                    // The slot is freed by the delivery, on the consumer thread: a worker freeing it here
                    // would let the consumer start a row while this message still waits, unbounded.
                    _outbox.Add(new Envelope(message, completesWork: true));
                }
                finally
                {
                    // After the message is queued: the next row for this key starts, and so reports, after it.
                    if (done != null) Release(key!, done);
                    if (Interlocked.Decrement(ref _running) == 0 && Volatile.Read(ref _disposeRequested) != 0) DisposeNow();
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private int TargetInFlight() => _targetInFlight == null ? _throttleLimit : Math.Max(1, Math.Min(_throttleLimit, _targetInFlight()));

        /// <summary>The task the row for <paramref name="key"/> must wait for (null: none), and the one the next such row will wait for.</summary>
        private Task? Follow(string? key, out TaskCompletionSource<bool>? done)
        {
            done = null;
            if (key == null) return null;
            done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lastByKey)
            {
                _lastByKey.TryGetValue(key, out var before);
                _lastByKey[key] = done.Task;
                return before;
            }
        }

        private void Release(string key, TaskCompletionSource<bool> done)
        {
            lock (_lastByKey)
                if (_lastByKey.TryGetValue(key, out var last) && last == done.Task) _lastByKey.Remove(key);
            done.TrySetResult(true);
        }

        /// <summary>On the consumer thread: delivers whatever is ready, without waiting.</summary>
        public void DeliverReady(Action<TMessage> deliver)
        {
            while (_outbox.TryTake(out var envelope))
                Deliver(envelope, deliver);
        }

        /// <summary>On the consumer thread: delivers everything until every started row has delivered its message.</summary>
        public void Complete(Action<TMessage> deliver)
        {
            while (Pending > 0)
                DeliverOne(deliver);
            DeliverReady(deliver);
        }

        private void DeliverOne(Action<TMessage> deliver) => Deliver(_outbox.Take(_cancellation), deliver);

        private void Deliver(Envelope envelope, Action<TMessage> deliver)
        {
            if (envelope.CompletesWork) _slots.Release();
            deliver(envelope.Message);
        }

        /// <summary>
        /// Safe with rows still running (a stopped pipeline is disposed before its cancelled requests
        /// have unwound): the last of them releases the queue.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposeRequested, 1) != 0) return;
            if (Volatile.Read(ref _running) == 0) DisposeNow();
        }

        private void DisposeNow()
        {
            if (Interlocked.Exchange(ref _disposeRequested, 2) == 2) return;
            _outbox.Dispose();
            _slots.Dispose();
        }

        private readonly struct Envelope
        {
            public Envelope(TMessage message, bool completesWork)
            {
                Message = message;
                CompletesWork = completesWork;
            }

            public TMessage Message { get; }
            public bool CompletesWork { get; }
        }
    }
}
