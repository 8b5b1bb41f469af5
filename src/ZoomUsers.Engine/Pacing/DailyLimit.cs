using System;

namespace ZoomUsers.Pacing
{
    /// <summary>The account's daily quota for the API is spent: no retry can help before it resets.</summary>
    internal static class DailyLimit
    {
        /// <summary>What a row stopped by the daily limit says, whether Zoom or the pacer stopped it.</summary>
        public static string Describe(DateTimeOffset retryAt) =>
            $"Zoom's daily rate limit for this API is reached; rows can be retried after {retryAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.";
    }
}
