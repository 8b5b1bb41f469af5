using System;

namespace ZoomUsers.Pacing
{
    /// <summary>The account's daily quota for the API is spent: no retry can help before <see cref="RetryAt"/>.</summary>
    internal sealed class DailyRateLimitException : Exception
    {
        public DailyRateLimitException(DateTimeOffset retryAt)
            : base(Describe(retryAt))
        {
            RetryAt = retryAt;
        }

        public DateTimeOffset RetryAt { get; }

        /// <summary>What a row stopped by the daily limit says, whether Zoom or the pacer stopped it.</summary>
        public static string Describe(DateTimeOffset retryAt) =>
            $"Zoom's daily rate limit for this API is reached; rows can be retried after {retryAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.";
    }
}
