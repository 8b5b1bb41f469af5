using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// Where -Fit decodes: a budget of bytes in flight, process-wide, and a few threads of their own.
    /// <para>
    /// Memory: a preparation starts only while the ones running and it stay within
    /// <see cref="BudgetBytes"/> (each counted by <see cref="DecodeCost"/>), whatever the processor
    /// count, so a 16-core machine holds no more decoded bytes than a 2-core one. One larger than the
    /// budget runs alone. First come, first started: a large one at the head is not overtaken by small
    /// ones behind it.
    /// </para>
    /// <para>
    /// Threads: at most one per processor (more would only queue for CPU), made when work comes and
    /// ended after a while without any. Threads of their own, not the thread pool's: a 200 ms decode on
    /// each of the pool's few threads (as many as cores) would stall the other rows' HTTP continuations
    /// until the pool grows. The same few threads each time, not a new one per picture: the C library's
    /// allocator gives each new thread an arena of its own for Skia's buffers and keeps what it freed
    /// there, so a thread per decode grew a -Fit run by some 250 MB on Linux (bench: FitMemoryRun).
    /// </para>
    /// A picture waiting here is a row holding only its file's name and header.
    /// </summary>
    internal sealed class DecodeThreads
    {
        /// <summary>Decoded bytes in flight at most: two large camera-photo preparations, or a dozen small ones.</summary>
        public const long DefaultBudgetBytes = 128L * 1024 * 1024;

        public static readonly DecodeThreads Shared = new DecodeThreads(Environment.ProcessorCount, DefaultBudgetBytes, TimeSpan.FromSeconds(30));

        private readonly object _gate = new object();
        private readonly Queue<Entry> _work = new Queue<Entry>();
        private readonly int _maxThreads;
        private readonly TimeSpan _idleEnd;
        private int _threads;
        private int _idle;
        private long _inFlight;

        /// <param name="processors">The most threads (the machine's processor count in <see cref="Shared"/>; a test gives its own).</param>
        /// <param name="budgetBytes">The most bytes the running preparations may take together.</param>
        public DecodeThreads(int processors, long budgetBytes, TimeSpan idleEnd)
        {
            _maxThreads = Math.Max(1, processors);
            BudgetBytes = budgetBytes;
            _idleEnd = idleEnd;
        }

        public long BudgetBytes { get; }

        /// <summary>
        /// Runs <paramref name="work"/>, which takes <paramref name="cost"/> bytes, on one of the threads
        /// once the budget has room for it; cancelled while it waits, it never runs.
        /// </summary>
        public Task<T> Run<T>(long cost, Func<T> work, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var registration = cancellationToken.Register(() =>
            {
                done.TrySetCanceled(cancellationToken);
                // A cancelled entry at the head no longer holds back the ones behind it.
                lock (_gate) Monitor.PulseAll(_gate);
            });
            void Item()
            {
                registration.Dispose();
                if (done.Task.IsCompleted) return;
                try
                {
                    done.TrySetResult(work());
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                }
            }
            lock (_gate)
            {
                _work.Enqueue(new Entry(Math.Max(0, cost), Item, done.Task));
                if (_idle > 0) Monitor.PulseAll(_gate);
                if (_work.Count > _idle && _threads < _maxThreads)
                {
                    _threads++;
                    new Thread(Loop) { IsBackground = true, Name = "ZoomUsers -Fit decode" }.Start();
                }
            }
            return done.Task;
        }

        private void Loop()
        {
            while (true)
            {
                Entry? entry;
                lock (_gate)
                {
                    while ((entry = TryTake()) == null)
                    {
                        _idle++;
                        var woken = Monitor.Wait(_gate, _idleEnd);
                        _idle--;
                        if (!woken && _work.Count == 0)
                        {
                            _threads--;
                            return;
                        }
                    }
                }
                try
                {
                    entry.Run();
                }
                finally
                {
                    lock (_gate)
                    {
                        _inFlight -= entry.Cost;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }

        /// <summary>Under the lock: the head of the queue, if the budget has room for it (or nothing runs); cancelled entries are dropped.</summary>
        private Entry? TryTake()
        {
            while (_work.Count > 0 && _work.Peek().Task is { IsCompleted: true }) _work.Dequeue();
            if (_work.Count == 0) return null;
            var head = _work.Peek();
            if (_inFlight > 0 && _inFlight + head.Cost > BudgetBytes) return null;
            _inFlight += head.Cost;
            return _work.Dequeue();
        }

        /// <summary>
        /// One preparation waiting or running. Once run it lets go of its work and its task: a thread
        /// waiting for its next entry may still point at its last one, and must not keep that one's
        /// result (a prepared picture) alive through it.
        /// </summary>
        private sealed class Entry
        {
            private Action? _run;

            public Entry(long cost, Action run, Task task)
            {
                Cost = cost;
                _run = run;
                Task = task;
            }

            public long Cost { get; }

            /// <summary>The task of its result while it waits (a cancelled one is dropped); null once run.</summary>
            public Task? Task { get; private set; }

            public void Run()
            {
                var run = _run;
                _run = null;
                Task = null;
                run?.Invoke();
            }
        }
    }
}
