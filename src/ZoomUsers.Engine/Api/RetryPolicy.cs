using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using ZoomUsers.Auth;
using ZoomUsers.Connection;
using ZoomUsers.Http;

namespace ZoomUsers.Api
{
    /// <summary>
    /// Which answers are worth another attempt, and when. Transient faults (5xx, dropped
    /// connections, timeouts, per-second 429s) are retried with exponential backoff and jitter;
    /// a 401 code 124 is retried once at once with a fresh token; what cannot succeed on a second
    /// try (400, 404, a missing scope, the daily quota) is not retried.
    /// </summary>
    internal static class RetryPolicy
    {
        public static readonly ResiliencePropertyKey<OperationState> StateKey = new ResiliencePropertyKey<OperationState>("ZoomUsers.OperationState");

        public static ResiliencePipeline<HttpResponseMessage> Build(ZoomConnectionOptions options, TokenCache tokens)
        {
            return new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = Math.Max(0, options.MaxRetryCount) + 1, // + the one token renewal
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, tokens, options.MaxRetryCount)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(ImmediateRetry(args.Outcome, args.Context) ? TimeSpan.Zero : (TimeSpan?)null),
                    OnRetry = args =>
                    {
                        var state = args.Context.Properties.GetValue(StateKey, null!);
                        state?.Log?.Verbose($"{state.Description}: attempt {args.AttemptNumber + 1} failed ({Describe(args.Outcome)}); retrying in {args.RetryDelay.TotalSeconds:0.##} s.");
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                })
                .AddTimeout(options.RequestTimeout)
                .Build();
        }

        private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TokenCache tokens, int maxRetries)
        {
            var state = context.Properties.GetValue(StateKey, null!);
            if (state == null) return false;

            if (outcome.Result is HttpResponseMessage response)
            {
                var status = (int)response.StatusCode;
                if (status == 401)
                {
                    if (!state.TokenRejected || !tokens.CanRenew || state.TokenRetries >= 1) return false;
                    state.TokenRetries++;
                    return true;
                }
                if (TransientRetries(state) >= maxRetries) return false;
                if (status == 429) return !state.DailyLimited;
                return status == 500 || status == 502 || status == 503 || status == 504;
            }

            if (TransientRetries(state) >= maxRetries || context.CancellationToken.IsCancellationRequested) return false;
            return IsTransient(outcome.Exception);
        }

        /// <summary>A renewed token needs no backoff; a 429 waits in the account pacer's shared pause instead.</summary>
        private static bool ImmediateRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            var status = (int?)outcome.Result?.StatusCode;
            return status == 401 || status == 429;
        }

        private static int TransientRetries(OperationState state) => state.Attempts - 1 - state.TokenRetries;

        internal static bool IsTransient(Exception? exception) =>
            exception is TimeoutRejectedException || exception is HttpRequestException || exception is IOException || exception is SocketException;

        /// <summary>Refused connections never reached Zoom; anything else that failed mid-flight may have.</summary>
        internal static bool MayHaveReachedServer(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
                if (e is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused) return false;
            return true;
        }

        private static string Describe(Outcome<HttpResponseMessage> outcome) =>
            outcome.Result is HttpResponseMessage r
                ? $"HTTP {(int)r.StatusCode} {r.ReasonPhrase}"
                : outcome.Exception is TimeoutRejectedException ? "no answer in time" : outcome.Exception?.GetType().Name + ": " + outcome.Exception?.Message;
    }
}
