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
    /// connections, timeouts) are retried with exponential backoff and jitter, up to -MaxRetryCount;
    /// per-second 429s are retried once the account pacer's shared pause ends, on a budget of their
    /// own; an expired token is renewed and the call retried at once; what cannot succeed on a
    /// second try (400, 404, a missing scope, the daily quota) is not retried.
    /// </summary>
    internal static class RetryPolicy
    {
        public static readonly ResiliencePropertyKey<OperationState> StateKey = new ResiliencePropertyKey<OperationState>("ZoomUsers.OperationState");

        /// <summary>
        /// Renewals a row gets for free: Zoom's advice is "renew once", and a second covers a token
        /// that expires again while a slow row is still retrying. Any further one is paid from the
        /// transient budget, with backoff: tokens revoked again and again still cannot loop a row forever.
        /// </summary>
        internal const int FreeTokenRetries = 2;

        /// <summary>A 429 costs a pause, not a failure: a row may wait out this many per -MaxRetryCount.</summary>
        internal const int RateLimitRetriesPerRetry = 2;

        public static ResiliencePipeline<HttpResponseMessage> Build(ZoomConnectionOptions options, TokenCache tokens)
        {
            var maxRetries = Math.Max(0, options.MaxRetryCount);
            return new ResiliencePipelineBuilder<HttpResponseMessage>()
                .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    // The budgets in ShouldRetry decide; this only has to be out of their way.
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context, tokens, maxRetries)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(ImmediateRetry(args.Outcome, args.Context) ? TimeSpan.Zero : (TimeSpan?)null),
                    OnRetry = args =>
                    {
                        var state = args.Context.Properties.GetValue(StateKey, null!);
                        var log = state?.Log;
                        if (log != null && log.VerboseEnabled)
                        {
                            var when = (int?)args.Outcome.Result?.StatusCode == 429
                                ? "retrying when the account's pause ends"
                                : $"retrying in {args.RetryDelay.TotalSeconds:0.##} s";
                            log.Verbose($"{state!.Description}: attempt {state.Attempts} failed ({Describe(args.Outcome)}); {when}.");
                        }
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                })
                .Build();
        }

        /// <summary>
        /// Connect-Zoom's first token: a token service that is slow or answers 5xx/429 is retried like
        /// any transient fault. Refused credentials are not, nor is a service that cannot be reached at
        /// all: at connect time that is a DNS, proxy or firewall matter, better said at once than after
        /// half a minute of retries. (Mid-run, the rows' own retries cover a renewal that hits a blip.)
        /// </summary>
        public static ResiliencePipeline BuildForFirstToken(ZoomConnectionOptions options)
        {
            if (options.MaxRetryCount <= 0) return ResiliencePipeline.Empty;
            return new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetryCount,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldHandle = new PredicateBuilder().Handle<ZoomAuthenticationException>(e => e.IsTransient && !(e.InnerException is HttpRequestException)),
                })
                .Build();
        }

        private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TokenCache tokens, int maxRetries)
        {
            var state = context.Properties.GetValue(StateKey, null!);
            if (state == null || context.CancellationToken.IsCancellationRequested) return false;

            if (outcome.Result is HttpResponseMessage response)
            {
                var status = (int)response.StatusCode;
                if (status == 401)
                {
                    if (!state.TokenRejected || !tokens.CanRenew) return false;
                    if (state.TokenRetries >= FreeTokenRetries && !TakeTransientRetry(state, maxRetries)) return false;
                    state.TokenRetries++;
                    return true;
                }
                if (status == 429)
                {
                    if (state.DailyLimited || state.RateLimitRetries >= maxRetries * RateLimitRetriesPerRetry) return false;
                    state.RateLimitRetries++;
                    return true;
                }
                return (status == 500 || status == 502 || status == 503 || status == 504) && TakeTransientRetry(state, maxRetries);
            }

            return IsTransient(outcome.Exception) && TakeTransientRetry(state, maxRetries);
        }

        private static bool TakeTransientRetry(OperationState state, int maxRetries)
        {
            if (state.TransientRetries >= maxRetries) return false;
            state.TransientRetries++;
            return true;
        }

        /// <summary>A renewed token needs no backoff (until renewals stop being free); a 429 waits in the account pacer's shared pause instead.</summary>
        private static bool ImmediateRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            var status = (int?)outcome.Result?.StatusCode;
            if (status == 429) return true;
            return status == 401 && context.Properties.GetValue(StateKey, null!)?.TokenRetries <= FreeTokenRetries;
        }

        internal static bool IsTransient(Exception? exception) =>
            exception is TimeoutRejectedException || exception is HttpRequestException || exception is IOException || exception is SocketException ||
            (exception is ZoomAuthenticationException auth && auth.IsTransient);

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
