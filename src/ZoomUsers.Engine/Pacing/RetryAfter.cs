using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace ZoomUsers.Pacing
{
    /// <summary>Zoom's Retry-After is seconds on some answers and an ISO-8601 UTC date on daily limits: read both.</summary>
    internal static class RetryAfter
    {
        public static DateTimeOffset? Read(HttpResponseMessage response, DateTimeOffset now)
        {
            var typed = response.Headers.RetryAfter;
            if (typed?.Delta is TimeSpan delta) return now + delta;
            if (typed?.Date is DateTimeOffset date) return date;
            return response.Headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;
        }

        public static DateTimeOffset? Parse(string? raw, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            raw = raw!.Trim();
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                return now + TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(2).TotalSeconds));
            if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return at;
            return null;
        }
    }
}
