using System;
using System.Collections.Generic;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// What the account let through, as far as this session can tell without X-RateLimit-Limit: upper
    /// bounds on Zoom's limit taken from accepted answers, used to judge where refusals really began.
    /// A refusal means the account's allowance was empty at that moment, so whatever Zoom accepted
    /// just before is at most its limit times the span, plus what it had saved up.
    /// <para>
    /// The AWS SDKs have no counterpart (their limit is a moving congestion point, measured by the send
    /// rate alone); this exists because slow start overshoots into the second of allowance a
    /// per-second server saves up, so the rate sent at the first refusal is above the limit.
    /// </para>
    /// </summary>
    internal sealed class AllowanceEstimate
    {
        /// <summary>
        /// The shortest refusal-to-refusal span <see cref="SinceRefusalBound"/> trusts: the second of allowance
        /// it allows for is a guess (a token bucket saves that much; a server counting calendar seconds
        /// less), and over a short span the guess outweighs the count. 2 s was tried and rejected: fewer
        /// refusals probing alone, but twice the steady other app's refusals on a shared account.
        /// </summary>
        public static readonly TimeSpan SinceRefusalSpan = TimeSpan.FromSeconds(3);

        /// <summary>What a per-second limit lets a server save up: one second's allowance (a full bucket, a fresh window).</summary>
        private static readonly TimeSpan SavedUp = TimeSpan.FromSeconds(1);

        /// <summary>Accepted answers are kept this long: the spans <see cref="AcceptedBound"/> counts over are 1 and 2 s.</summary>
        private static readonly TimeSpan History = TimeSpan.FromSeconds(2);

        private readonly Queue<TimeSpan> _accepted = new Queue<TimeSpan>();
        /// <summary>Since when this session has been sending without a pause: the first answer, or the first after the last pause.</summary>
        private TimeSpan? _countFrom;
        private bool _refused;
        /// <summary>A request left after the last refusal's pause.</summary>
        private bool _resumed;
        /// <summary>The first answer to a request sent after that pause: when the count since the refusal starts.</summary>
        private TimeSpan? _resumedAt;
        private int _acceptedSinceResumed;

        /// <summary>A request left (the meter counts it; here it only marks the end of a refusal's pause).</summary>
        public void Sent()
        {
            if (_refused) _resumed = true;
        }

        /// <summary>Zoom accepted a request (any answer but a 429).</summary>
        public void Accepted(TimeSpan now)
        {
            _accepted.Enqueue(now);
            _countFrom ??= now;
            if (_resumed && !_resumedAt.HasValue)
            {
                _resumedAt = now;
                _countFrom = now;
                _acceptedSinceResumed = 0;
            }
            _acceptedSinceResumed++;
            while (_accepted.Count > 0 && now - _accepted.Peek() >= History) _accepted.Dequeue();
        }

        /// <summary>Zoom refused a request (a per-second 429): the count since the last refusal starts again after the pause.</summary>
        public void Refused()
        {
            _refused = true;
            _resumed = false;
            _resumedAt = null;
            _acceptedSinceResumed = 0;
        }

        /// <summary>
        /// An upper bound on what the account let through: a refusal now means Zoom's allowance was empty
        /// now, so over any recent span it accepted at most its limit times the span (plus one, plus
        /// whatever it had saved up, which only loosens the bound). Counted over 1 and 2 seconds, the
        /// tightest is kept, over spans this session spent sending: one reaching back before its first
        /// answer or into the pause after a refusal would count idle time as the server's. This is what
        /// keeps a slow start that overshot into a server's saved-up allowance from taking its inflated
        /// send rate for the limit.
        /// </summary>
        public double AcceptedBound(TimeSpan now)
        {
            var best = double.MaxValue;
            for (var seconds = 1; seconds <= (int)History.TotalSeconds; seconds++)
            {
                var since = now - TimeSpan.FromSeconds(seconds);
                if (!_countFrom.HasValue || _countFrom.Value > since) break;
                var count = 0;
                foreach (var at in _accepted)
                    if (at > since) count++;
                best = Math.Min(best, (count + 1.0) / seconds);
            }
            return best;
        }

        /// <summary>
        /// Between two refusals Zoom let through about its limit times the time between them, the saved-up
        /// allowance already spent: a far tighter bound than any one or two seconds give. Only asked
        /// when the rate held was above the limit (the refusal came before the hold ended: a hold below
        /// the limit lets the server's bucket fill and waste, which would make this bound too low), and
        /// only at least <see cref="SinceRefusalSpan"/> after the sending resumed.
        /// </summary>
        public double SinceRefusalBound(TimeSpan now)
        {
            if (!_resumedAt.HasValue) return double.MaxValue;
            var span = (now - _resumedAt.Value).TotalSeconds;
            if (span < SinceRefusalSpan.TotalSeconds) return double.MaxValue;
            return (_acceptedSinceResumed + 1.0) / (span + SavedUp.TotalSeconds);
        }
    }
}
