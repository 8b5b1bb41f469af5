using System;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// How long a request holds its row's slot, on average over the last <see cref="Window"/> attempts:
    /// its exchange with Zoom (a stalled attempt's whole wait until -TimeoutSec, a dropped connection's
    /// time to fail, a token renewal) plus the retry backoff the row sat out before it. Time waiting for
    /// the account's turn (spacing, a shared 429 pause) is not counted: more rows would only wait too.
    /// <para>
    /// A mean over a window, not an exponential average of round trips: a 2% share of attempts that
    /// stall for 3 s is 60 ms a request on average, which a window of a few hundred attempts holds
    /// steady and an average weighted to the last few answers swings between 0 and 600 ms.
    /// </para>
    /// </summary>
    internal sealed class SlotTime
    {
        /// <summary>Attempts remembered: a few seconds at a Business account's rate, and 4 KB.</summary>
        public const int Window = 512;

        private readonly double[] _seconds = new double[Window];
        private int _count;
        private int _next;
        private double _sum;

        public void Add(TimeSpan held)
        {
            var seconds = Math.Max(0.001, held.TotalSeconds);
            if (_count == Window) _sum -= _seconds[_next];
            else _count++;
            _seconds[_next] = seconds;
            _sum += seconds;
            _next = (_next + 1) % Window;
        }

        /// <summary>Mean seconds a request holds its slot; null before any attempt ended.</summary>
        public double? MeanSeconds => _count == 0 ? (double?)null : Math.Max(0.001, _sum / _count);
    }
}
