using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Bulk
{
    /// <summary>
    /// Prepares up to <c>depth</c> rows at once on worker threads (reading a picture file, hashing
    /// it) while the consumer thread keeps binding input, and hands them back in input order. A
    /// slow file share then costs its latency once per <c>depth</c> rows, not once per row on the
    /// one thread that feeds every request. Consumer-thread only.
    /// </summary>
    public sealed class ReadAhead<T>
    {
        private readonly Queue<Task<T>> _queue = new Queue<Task<T>>();
        private readonly int _depth;

        public ReadAhead(int depth)
        {
            if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth));
            _depth = depth;
        }

        public int Count => _queue.Count;
        public bool IsFull => _queue.Count >= _depth;

        /// <summary>Starts preparing a row. <paramref name="onFault"/> turns an unexpected exception into the row's value, so no row is lost.</summary>
        public void Start(Func<T> prepare, Func<Exception, T> onFault)
        {
            _queue.Enqueue(Task.Run(() =>
            {
                try
                {
                    return prepare();
                }
                catch (Exception ex)
                {
                    return onFault(ex);
                }
            }));
        }

        /// <summary>The oldest row, if it is ready.</summary>
        public bool TryTakeReady(out T row)
        {
            if (_queue.Count > 0 && _queue.Peek().IsCompleted)
            {
                row = _queue.Dequeue().GetAwaiter().GetResult();
                return true;
            }
            row = default!;
            return false;
        }

        /// <summary>
        /// The oldest row, waiting for it if need be and calling <paramref name="whileWaiting"/>
        /// meanwhile (to write finished results). Throws <see cref="OperationCanceledException"/> when cancelled.
        /// </summary>
        public T TakeNext(Action whileWaiting, CancellationToken cancellation)
        {
            if (_queue.Count == 0) throw new InvalidOperationException("Nothing is being prepared.");
            var head = _queue.Peek();
            while (!head.Wait(10, cancellation)) whileWaiting();
            return _queue.Dequeue().GetAwaiter().GetResult();
        }
    }
}
