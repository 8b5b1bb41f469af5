using System;
using System.Collections.Generic;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// Requests sent in the last second: the rate really achieved, whatever the target. Growth is
    /// bounded by a multiple of it and a cut is judged by it, as the AWS SDKs' measured rate is
    /// (botocore's <c>RateClocker</c>).
    /// </summary>
    internal sealed class SendMeter
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
        private readonly Queue<TimeSpan> _sent = new Queue<TimeSpan>();

        public void Sent(TimeSpan now)
        {
            _sent.Enqueue(now);
            Trim(now);
        }

        /// <summary>Requests a second, counted over the last second.</summary>
        public double RateAt(TimeSpan now)
        {
            Trim(now);
            return _sent.Count / Window.TotalSeconds;
        }

        private void Trim(TimeSpan now)
        {
            while (_sent.Count > 0 && now - _sent.Peek() >= Window) _sent.Dequeue();
        }
    }
}
