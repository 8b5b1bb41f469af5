using ZoomUsers.Http;

namespace ZoomUsers.Api
{
    /// <summary>
    /// What the connection's last attempts came to: whether most of them met transient faults. On a bad
    /// day (a sixth of attempts failing) a row that was unlucky six times is worth another round; when
    /// most attempts fail the service is down, and more rounds would only hammer it.
    /// 429s and the daily limit are pacing, not faults, and are not counted.
    /// </summary>
    internal sealed class RecentAttempts
    {
        /// <summary>Enough attempts that a bad day's share (a sixth failing, say) never reads as "most" by chance.</summary>
        internal const int Window = 50;

        private readonly bool[] _failed = new bool[Window];
        private int _count;
        private int _next;
        private int _failing;

        public void Record(ZoomAnswer answer)
        {
            if (answer.Kind == AnswerKind.RateLimited || answer.Kind == AnswerKind.DailyLimit) return;
            var failed = answer.Kind == AnswerKind.Transient;
            lock (_failed)
            {
                if (_count == Window) { if (_failed[_next]) _failing--; }
                else _count++;
                _failed[_next] = failed;
                if (failed) _failing++;
                _next = (_next + 1) % Window;
            }
        }

        /// <summary>More than half of the last attempts (of as many as there have been) met transient faults.</summary>
        public bool MostFailing
        {
            get { lock (_failed) return _failing * 2 > _count; }
        }
    }
}
