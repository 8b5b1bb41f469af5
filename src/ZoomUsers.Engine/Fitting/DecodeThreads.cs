using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// The threads -Fit decodes on: at most one per processor, process-wide, made when work comes and
    /// ended after a while without any. Threads of their own, not the thread pool's: a 200 ms decode on
    /// each of the pool's few threads (as many as cores) would stall the other rows' HTTP continuations
    /// until the pool grows. The same few threads each time, not a new one per picture: the C library's
    /// allocator gives each new thread an arena of its own for Skia's buffers and keeps what it freed
    /// there, so a thread per decode grew a -Fit run by some 250 MB on Linux (bench: FitMemoryRun).
    /// A picture waiting here is a row holding only its file's name and header.
    /// </summary>
    internal sealed class DecodeThreads
    {
        public static readonly DecodeThreads Shared = new DecodeThreads(Environment.ProcessorCount, TimeSpan.FromSeconds(30));

        private readonly object _gate = new object();
        private readonly Queue<Action> _work = new Queue<Action>();
        private readonly int _max;
        private readonly TimeSpan _idleEnd;
        private int _threads;
        private int _idle;

        public DecodeThreads(int max, TimeSpan idleEnd)
        {
            _max = Math.Max(1, max);
            _idleEnd = idleEnd;
        }

        /// <summary>Runs <paramref name="work"/> on one of the threads once one is free; cancelled while it waits, it never runs.</summary>
        public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
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
                _work.Enqueue(Item);
                if (_idle > 0) Monitor.Pulse(_gate);
                if (_work.Count > _idle && _threads < _max)
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
                Action item;
                lock (_gate)
                {
                    while (_work.Count == 0)
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
                    item = _work.Dequeue();
                }
                item();
            }
        }
    }
}
