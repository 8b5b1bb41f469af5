using System;
using System.Collections.Generic;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// Rows per second over the last few seconds, for progress: the average since the start would
    /// hide a slowdown (a 429 pause, a lowered pace) behind the good minutes before it.
    /// </summary>
    internal sealed class RowRate
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
        // One sample per 100 ms at most: bounded memory whatever the row rate.
        private static readonly TimeSpan SampleSpacing = TimeSpan.FromMilliseconds(100);

        private readonly Queue<(TimeSpan At, int Done)> _samples = new Queue<(TimeSpan, int)>();
        private (TimeSpan At, int Done) _lastQueued;
        private (TimeSpan At, int Done) _newest;

        /// <summary>Starts counting at <c>TimeSpan.Zero</c> with nothing done.</summary>
        public RowRate()
        {
            _lastQueued = _newest = (TimeSpan.Zero, 0);
            _samples.Enqueue(_newest);
        }

        public void Add(TimeSpan at, int done)
        {
            _newest = (at, done);
            if (at - _lastQueued.At >= SampleSpacing)
            {
                _samples.Enqueue(_newest);
                _lastQueued = _newest;
            }
            while (_samples.Count > 1 && at - _samples.Peek().At > Window) _samples.Dequeue();
        }

        public double PerSecond
        {
            get
            {
                var oldest = _samples.Peek();
                var seconds = (_newest.At - oldest.At).TotalSeconds;
                return seconds > 0 ? (_newest.Done - oldest.Done) / seconds : 0;
            }
        }
    }
}
