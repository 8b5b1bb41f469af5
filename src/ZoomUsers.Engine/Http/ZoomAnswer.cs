using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Polly.Timeout;
using ZoomUsers.Auth;
using ZoomUsers.Pacing;

namespace ZoomUsers.Http
{
    /// <summary>What one attempt came to, read once: the pacer, the token handler, the retry policy and the API client all decide from it.</summary>
    internal enum AnswerKind
    {
        Success,
        /// <summary>401 code 124: the token is expired or revoked; a renewed one may succeed.</summary>
        TokenRejected,
        /// <summary>A per-second 429: retry once the account's pause ends.</summary>
        RateLimited,
        /// <summary>The daily quota is spent (a 429 that says so, or the pacer refusing before sending): no retry helps before <see cref="ZoomAnswer.DailyResetAt"/>.</summary>
        DailyLimit,
        /// <summary>500/502/503/504, a dropped connection, no answer in time, a token service that was down: worth another attempt.</summary>
        Transient,
        /// <summary>Anything a second try cannot fix (400, 403, 404, a refused credential...).</summary>
        Failed,
    }

    /// <summary>
    /// One answer from Zoom (or one transport failure), classified once: status, Zoom's error body,
    /// rate-limit headers, Retry-After, x-zm-trackingid, and whether the request may have reached
    /// Zoom. Holds no reference to the HTTP response, so the response can go as soon as it is read,
    /// and tests can build one without a network.
    /// </summary>
    internal sealed class ZoomAnswer
    {
        private const string TrackingIdHeader = "x-zm-trackingid";

        private ZoomAnswer(AnswerKind kind)
        {
            Kind = kind;
        }

        public AnswerKind Kind { get; private set; }
        /// <summary>Null when no answer came (a transport failure, or the pacer refused before sending).</summary>
        public int? HttpStatus { get; private set; }
        public string? ReasonPhrase { get; private set; }
        /// <summary>Zoom's numeric code from the error body.</summary>
        public int? ErrorCode { get; private set; }
        /// <summary>Zoom's message (with field errors), or what came instead of Zoom's JSON; null on success.</summary>
        public string? Message { get; private set; }
        /// <summary>The body of a successful answer, as sent (the settings read parses it).</summary>
        public string? Body { get; private set; }
        public string? TrackingId { get; private set; }
        public string? ContentLocation { get; private set; }
        /// <summary>Retry-After, resolved to a time (seconds or an ISO-8601 date); read on 429s only.</summary>
        public DateTimeOffset? RetryAt { get; private set; }
        /// <summary>When the daily quota comes back: Retry-After, else the next UTC midnight.</summary>
        public DateTimeOffset? DailyResetAt { get; private set; }
        /// <summary>X-RateLimit-Limit of a per-second (QPS) limit; a daily limit's figures are not a rate.</summary>
        public double? PerSecondLimit { get; private set; }
        /// <summary>X-RateLimit-Remaining, when read with <see cref="PerSecondLimit"/>.</summary>
        public long? Remaining { get; private set; }
        /// <summary>The attempt may have reached Zoom and been applied (5xx, a timeout, a connection dropped mid-flight).</summary>
        public bool MayHaveLanded { get; private set; }
        /// <summary>The transport failure, when no answer came.</summary>
        public Exception? Fault { get; private set; }

        public static async Task<ZoomAnswer> ReadAsync(HttpResponseMessage response, DateTimeOffset now)
        {
            var status = (int)response.StatusCode;
            var answer = new ZoomAnswer(AnswerKind.Failed)
            {
                HttpStatus = status,
                ReasonPhrase = response.ReasonPhrase,
                TrackingId = response.Headers.TryGetValues(TrackingIdHeader, out var ids) ? ids.FirstOrDefault() : null,
                MayHaveLanded = status >= 500,
            };
            answer.ReadRateHeaders(response);

            if (response.IsSuccessStatusCode)
            {
                answer.Kind = AnswerKind.Success;
                answer.Body = response.Content == null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                answer.ContentLocation = response.Content?.Headers.ContentLocation?.ToString()
                                         ?? (response.Headers.TryGetValues("Content-Location", out var locations) ? locations.FirstOrDefault() : null);
                return answer;
            }

            var error = await ZoomErrorBody.ReadAsync(response).ConfigureAwait(false);
            answer.ErrorCode = error.Code;
            answer.Message = error.Message;
            answer.Kind = status switch
            {
                401 when error.Code == 124 => AnswerKind.TokenRejected,
                429 when IsDaily(response, error.Raw) => AnswerKind.DailyLimit,
                429 => AnswerKind.RateLimited,
                500 or 502 or 503 or 504 => AnswerKind.Transient,
                _ => AnswerKind.Failed,
            };
            if (status == 429) answer.RetryAt = RetryAfter.Read(response, now);
            if (answer.Kind == AnswerKind.DailyLimit) answer.DailyResetAt = answer.RetryAt ?? NextUtcMidnight(now);
            return answer;
        }

        /// <summary>Whether <paramref name="exception"/> is a fault an attempt can end in, as opposed to a bug or a cancellation.</summary>
        public static bool Classifies(Exception exception) =>
            exception is TimeoutRejectedException || exception is HttpRequestException || exception is IOException || exception is SocketException ||
            exception is ZoomAuthenticationException;

        /// <summary>An attempt that ended without an answer. Only what failed after the pacer and the token handler let the request go can have reached Zoom.</summary>
        public static ZoomAnswer FromFault(Exception exception)
        {
            // The picture file, not Zoom or the network: the body was never complete, and a retry reads the same file.
            if (Validation.PictureFileException.Within(exception) is { } file) return new ZoomAnswer(AnswerKind.Failed) { Fault = file };
            return exception switch
            {
                ZoomAuthenticationException auth => new ZoomAnswer(auth.IsTransient ? AnswerKind.Transient : AnswerKind.Failed) { Fault = auth },
                // The path refused, not Zoom: a retry meets the same proxy or the same certificate.
                ProxyAuthenticationException proxy => new ZoomAnswer(AnswerKind.Failed) { Fault = proxy },
                TlsCertificateException certificate => new ZoomAnswer(AnswerKind.Failed) { Fault = certificate },
                _ => new ZoomAnswer(AnswerKind.Transient) { Fault = exception, MayHaveLanded = MayHaveReachedServer(exception) },
            };
        }

        /// <summary>For the verbose stream: what the attempt came to, in a few words.</summary>
        public string Summary =>
            HttpStatus is int status ? $"HTTP {status} {ReasonPhrase}"
            : Fault is TimeoutRejectedException ? "no answer in time"
            : Fault?.GetType().Name + ": " + Fault?.Message;

        /// <summary>The pacer's answer for an attempt not sent because the proxy had already refused this connection.</summary>
        public static ZoomAnswer ProxyRefusedEarlier(ProxyAuthenticationException refusal) => new ZoomAnswer(AnswerKind.Failed) { Fault = refusal.NotSent() };

        /// <summary>The pacer's answer for an attempt the daily limit stopped before it was sent.</summary>
        public static ZoomAnswer DailyLimitReached(DateTimeOffset resetAt) => new ZoomAnswer(AnswerKind.DailyLimit) { DailyResetAt = resetAt };

        internal static DateTimeOffset NextUtcMidnight(DateTimeOffset now) =>
            new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

        /// <summary>Refused connections never reached Zoom; anything else that failed mid-flight may have.</summary>
        private static bool MayHaveReachedServer(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
                if (e is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused) return false;
            return true;
        }

        /// <summary>X-RateLimit-Type says so, or (the header may be missing) the message does.</summary>
        private static bool IsDaily(HttpResponseMessage response, string? body) =>
            (response.Headers.TryGetValues("X-RateLimit-Type", out var types) && types.Any(t => t.IndexOf("daily", StringComparison.OrdinalIgnoreCase) >= 0)) ||
            (body != null && body.IndexOf("daily rate limit", StringComparison.OrdinalIgnoreCase) >= 0);

        private void ReadRateHeaders(HttpResponseMessage response)
        {
            if (response.Headers.TryGetValues("X-RateLimit-Type", out var types) &&
                !types.Any(t => t.IndexOf("QPS", StringComparison.OrdinalIgnoreCase) >= 0))
                return;
            if (!response.Headers.TryGetValues("X-RateLimit-Limit", out var limits) ||
                !double.TryParse(limits.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
                return;
            PerSecondLimit = limit;
            if (response.Headers.TryGetValues("X-RateLimit-Remaining", out var left) &&
                long.TryParse(left.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                Remaining = n;
        }
    }
}
