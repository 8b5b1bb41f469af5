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
    /// until its work ends: rows started and not yet written never exceed the limit, however many
    /// rows the input has. Submitting blocks while the limit is reached and delivers what has
    /// finished meanwhile.
    /// <para>
    /// The limit is an upper bound: a <c>targetInFlight</c> callback (Little's law: rate x round trip,
    /// from the pacer; the sizing is <see cref="InFlightLimit"/>'s) keeps fewer rows started when fewer suffice, so a slow account does not hold
    /// ThrottleLimit rows' data waiting for permits. Rows with the same key (a user id, compared
    /// case-insensitively) never run at once: Zoom limits concurrent operations on one resource, so a
    /// repeated row waits for the one before it to finish and its result comes after.
    /// </para>
    /// <para>
    /// A row whose message offers a second round (<see cref="SecondRounds{TMessage}"/>) is parked: its
    /// slot is freed, its message held back, and once the rows ahead of it are done (at
    /// <see cref="Complete"/>) it runs again and its second message is the one delivered. A parked row
    /// keeps its key: a later row for the same user starts its second round at once and follows it,
    /// so rows for one user still reach Zoom in submission order. A row with such a follower already
    /// waiting is not parked (its first message stands). At most <see cref="MaxParked"/> rows wait:
    /// before a new row starts, the longest-waiting rows beyond that have their second rounds at once,
    /// in slots like any row's. So rows started and not yet done (in flight or parked) never exceed
    /// the throttle limit plus <see cref="MaxParked"/>, and a parked row is told to let go of what it
    /// can have again (<see cref="SecondRounds{TMessage}.Parked"/>).
    /// </para>
    /// <para>
    /// Every parked row is either resumed, delivered as it is, or handed to
    /// <see cref="SecondRounds{TMessage}.Dropped"/>: a run that is stopped or fails while second rounds
    /// are under way leaves the rows not yet resumed parked, and <see cref="Dispose"/> drops them.
    /// </para>
    /// </summary>
    internal sealed class BulkRunner<TMessage> : IDisposable
    {
        /// <summary>The most rows waiting for a second round at once.</summary>
        public const int MaxParked = 16;

        private readonly BlockingCollection<Envelope> _outbox = new BlockingCollection<Envelope>();
        private readonly SemaphoreSlim _slots;
        private readonly CancellationToken _cancellation;
        private readonly InFlightLimit _limit;
        private readonly Dictionary<string, Task> _lastByKey = new Dictionary<string, Task>(StringComparer.OrdinalIgnoreCase);
        private readonly SecondRounds<TMessage>? _secondRounds;
        private readonly List<Parked> _parked = new List<Parked>(); // under _lastByKey's lock
        private int _running;
        private int _disposeRequested;

        public BulkRunner(int throttleLimit, CancellationToken cancellation, Func<int>? targetInFlight = null, SecondRounds<TMessage>? secondRounds = null)
        {
            _limit = new InFlightLimit(throttleLimit, targetInFlight);
            _secondRounds = secondRounds;
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
            _cancellation = cancellation;
        }

        /// <summary>Rows started and not yet delivered: never more than the throttle limit.</summary>
        public int Pending => _limit.ThrottleLimit - _slots.CurrentCount; // a slot is held from start to delivery

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
            WaitForSlot(deliver);
            // Rows parked beyond the bound resume first, each in the slot just had.
            while (UnparkOverflow() is Parked overflow)
            {
                Run(overflow.Key, overflow.Done, null, overflow.SecondRound, overflow.OnFault, mayPark: false);
                WaitForSlot(deliver);
            }
            var before = FollowUnlessParked(key, out var done, out var parked);
            if (parked != null)
            {
                // A parked row of this key goes first, in the slot just had: the new row must not overtake it.
                Run(parked.Key, parked.Done, null, parked.SecondRound, parked.OnFault, mayPark: false);
                WaitForSlot(deliver);
                before = FollowUnlessParked(key, out done, out _); // none is parked now: the row resumed cannot park again
            }
            Run(key, done, before, work, onFault, mayPark: true);
        }

        private void WaitForSlot(Action<TMessage> deliver)
        {
            while (!_limit.Admits(Pending) || !_slots.Wait(0))
                DeliverOne(deliver);
        }


        /// <summary>Runs a row that holds a slot; its message (or, parked, its slot alone) goes to the outbox.</summary>
        private void Run(string? key, TaskCompletionSource<bool>? done, Task? before, Func<CancellationToken, Task<TMessage>> work, Func<Exception, TMessage> onFault, bool mayPark)
        {
            Interlocked.Increment(ref _running);
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
                var parked = false;
                try
                {
                    var message = t.Status == TaskStatus.RanToCompletion ? t.Result : onFault(t.Exception?.GetBaseException() ?? new TaskCanceledException());
                    if (Volatile.Read(ref _disposeRequested) != 0)
                    {
                        // The pipeline ended (Ctrl+C): nobody will read it.
                        _secondRounds?.Dropped(message);
                        return;
                    }
                    if (mayPark && _secondRounds?.Offered(message) is Func<CancellationToken, Task<TMessage>> secondRound)
                    {
                        parked = TryPark(new Parked(key, done, message, secondRound, onFault));
                        if (parked) _secondRounds.Parked(message);
                    }
                    // The slot is freed by the delivery, on the consumer thread: a worker freeing it here
                    // would let the consumer start a row while this message still waits, unbounded.
                    _outbox.Add(parked ? Envelope.SlotOnly : new Envelope(message, completesWork: true));
                }
                finally
                {
                    // After the message is queued: the next row for this key starts, and so reports, after it.
                    // A parked row keeps its key until its second round ends.
                    if (done != null && !parked) Release(key!, done);
                    if (Interlocked.Decrement(ref _running) == 0 && Volatile.Read(ref _disposeRequested) != 0) DisposeNow();
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>Parks a row unless a later row of its key already waits for it (that one would overtake a second round).</summary>
        private bool TryPark(Parked row)
        {
            lock (_lastByKey)
            {
                if (row.Key != null && !(_lastByKey.TryGetValue(row.Key, out var last) && last == row.Done!.Task)) return false;
                _parked.Add(row);
                return true;
            }
        }


        private List<Parked> UnparkAll()
        {
            lock (_lastByKey)
            {
                var all = new List<Parked>(_parked);
                _parked.Clear();
                return all;
            }
        }

        /// <summary>The longest-waiting parked row, unparked; null when none is parked.</summary>
        private Parked? UnparkFirst() => UnparkFirst(0);

        /// <summary>The longest-waiting parked row, unparked, when more than <see cref="MaxParked"/> wait; else null.</summary>
        private Parked? UnparkOverflow() => UnparkFirst(MaxParked);

        private Parked? UnparkFirst(int beyond)
        {
            lock (_lastByKey)
            {
                if (_parked.Count <= beyond) return null;
                var first = _parked[0];
                _parked.RemoveAt(0);
                return first;
            }
        }

        /// <summary>Rows waiting for their second round now.</summary>
        public int ParkedCount
        {
            get { lock (_lastByKey) return _parked.Count; }
        }

        /// <summary>
        /// The task the row for <paramref name="key"/> must wait for (null: none), and the one the next
        /// such row will wait for; or, when a row of this key is parked, that row (unparked) and nothing
        /// else, so that it resumes first. One lock for both: a row parking in between would be followed
        /// by a row that then waits for it until the end of the run, holding its slot.
        /// </summary>
        private Task? FollowUnlessParked(string? key, out TaskCompletionSource<bool>? done, out Parked? parked)
        {
            done = null;
            parked = null;
            if (key == null) return null;
            lock (_lastByKey)
            {
                var i = _parked.FindIndex(p => p.Key != null && string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
                if (i >= 0)
                {
                    parked = _parked[i];
                    _parked.RemoveAt(i);
                    return null;
                }
                done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
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

        /// <summary>
        /// On the consumer thread: delivers everything until every started row has delivered its message;
        /// then the parked rows' second rounds, in the order they were parked (or, once the run is stopped,
        /// their first messages), until none is left. A row stays parked until the moment it is resumed or
        /// delivered, so when a delivery throws (the pipeline stopped, -ErrorAction Stop) the rows still
        /// waiting are there for <see cref="Dispose"/> to drop.
        /// </summary>
        public void Complete(Action<TMessage> deliver)
        {
            while (true)
            {
                while (Pending > 0)
                    DeliverOne(deliver);
                DeliverReady(deliver);
                if (UnparkFirst() is not Parked row) return;
                if (_cancellation.IsCancellationRequested)
                {
                    if (row.Done != null) Release(row.Key!, row.Done);
                    deliver(row.First);
                    continue;
                }
                var started = false;
                try
                {
                    WaitForSlot(deliver);
                    Run(row.Key, row.Done, null, row.SecondRound, row.OnFault, mayPark: false);
                    started = true;
                }
                finally
                {
                    if (!started)
                    {
                        if (row.Done != null) Release(row.Key!, row.Done);
                        _secondRounds?.Dropped(row.First);
                    }
                }
            }
        }

        private void DeliverOne(Action<TMessage> deliver) => Deliver(_outbox.Take(_cancellation), deliver);

        private void Deliver(Envelope envelope, Action<TMessage> deliver)
        {
            if (envelope.CompletesWork) _slots.Release();
            if (envelope.HasMessage) deliver(envelope.Message);
        }

        /// <summary>
        /// Safe with rows still running (a stopped pipeline is disposed before its cancelled requests
        /// have unwound): the last of them releases the queue.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposeRequested, 1) != 0) return;
            foreach (var row in UnparkAll()) _secondRounds?.Dropped(row.First);
            if (Volatile.Read(ref _running) == 0) DisposeNow();
        }

        private void DisposeNow()
        {
            if (Interlocked.Exchange(ref _disposeRequested, 2) == 2) return;
            // A row that parked while Dispose ran (its worker saw the run still going).
            foreach (var row in UnparkAll()) _secondRounds?.Dropped(row.First);
            while (_outbox.TryTake(out var envelope))
                if (envelope.HasMessage) _secondRounds?.Dropped(envelope.Message);
            _outbox.Dispose();
            _slots.Dispose();
        }

        /// <summary>A row waiting for its second round: its first message stands if the round never runs.</summary>
        private sealed class Parked
        {
            public Parked(string? key, TaskCompletionSource<bool>? done, TMessage first, Func<CancellationToken, Task<TMessage>> secondRound, Func<Exception, TMessage> onFault)
            {
                Key = key;
                Done = done;
                First = first;
                SecondRound = secondRound;
                OnFault = onFault;
            }

            public string? Key { get; }
            public TaskCompletionSource<bool>? Done { get; }
            public TMessage First { get; }
            public Func<CancellationToken, Task<TMessage>> SecondRound { get; }
            public Func<Exception, TMessage> OnFault { get; }
        }

        private readonly struct Envelope
        {
            public Envelope(TMessage message, bool completesWork)
            {
                Message = message;
                CompletesWork = completesWork;
                HasMessage = true;
            }

            /// <summary>A parked row's freed slot: nothing to deliver yet.</summary>
            public static Envelope SlotOnly => new Envelope(default!, completesWork: true, hasMessage: false);

            private Envelope(TMessage message, bool completesWork, bool hasMessage)
            {
                Message = message;
                CompletesWork = completesWork;
                HasMessage = hasMessage;
            }

            public TMessage Message { get; }
            public bool CompletesWork { get; }
            public bool HasMessage { get; }
        }
    }
}
