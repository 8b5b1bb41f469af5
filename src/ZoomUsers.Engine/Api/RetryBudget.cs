namespace ZoomUsers.Api
{
    /// <summary>The retries one row has spent, by kind: each kind has its own allowance (see <see cref="RetryPolicy"/>).</summary>
    internal sealed class RetryBudget
    {
        /// <summary>Retries after 5xx, dropped connections and timeouts: what -MaxRetryCount bounds.</summary>
        public int TransientRetries { get; private set; }
        /// <summary>Retries after per-second 429s: being paced is not a failure, so these have their own budget.</summary>
        public int RateLimitRetries { get; private set; }
        /// <summary>Retries with a renewed token after Zoom called the previous one expired.</summary>
        public int TokenRetries { get; private set; }

        public bool TakeTransient(int maxRetries)
        {
            if (TransientRetries >= maxRetries) return false;
            TransientRetries++;
            return true;
        }

        public bool TakeRateLimit(int maxRateLimitRetries)
        {
            if (RateLimitRetries >= maxRateLimitRetries) return false;
            RateLimitRetries++;
            return true;
        }

        public void TakeToken() => TokenRetries++;
    }
}
