using System;

namespace ZoomUsers.Pacing
{
    /// <summary>The account's daily quota for the API is spent: no retry can help before <see cref="RetryAt"/>.</summary>
    internal sealed class DailyRateLimitException : Exception
    {
        public DailyRateLimitException(DateTimeOffset retryAt)
            : base($"Zoom's daily rate limit for this API is reached; rows can be retried after {retryAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.")
        {
            RetryAt = retryAt;
        }

        public DateTimeOffset RetryAt { get; }
    }
}
