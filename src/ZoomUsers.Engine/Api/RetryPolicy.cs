using System;
using System.Net.Http;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using ZoomUsers.Auth;
using ZoomUsers.Connection;
using ZoomUsers.Http;

namespace ZoomUsers.Api
{
    /// <summary>
    /// Which answers are worth another attempt, and when, decided from the <see cref="ZoomAnswer"/>
    /// alone. Transient faults (5xx, dropped connections, timeouts) are retried with exponential
    /// backoff and jitter, up to -MaxRetryCount; per-second 429s are retried once the account pacer's
    /// shared pause ends, on a budget of their own; an expired token is renewed and the call retried
    /// at once; what cannot succeed on a second try (400, 404, a missing scope, the daily quota) is not retried.
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

        /// <summary>No backoff grows beyond this: a run that waits longer between tries looks hung.</summary>
        private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

        /// <param name="time">The connection's clock: backoffs wait on it, so a fake clock drives a whole retry sequence.</param>
        /// <param name="random">The connection's random source, for the backoff's jitter: a number in [0, 1).</param>
        public static ResiliencePipeline<ZoomAnswer> Build(ZoomConnectionOptions options, TokenCache tokens, TimeProvider time, Func<double> random)
        {
            var maxRetries = Math.Max(0, options.MaxRetryCount);
            var retry = new RetryStrategyOptions<ZoomAnswer>
            {
                // The budgets in ShouldRetry decide; this only has to be out of their way.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Result is ZoomAnswer answer && !args.Context.CancellationToken.IsCancellationRequested &&
                    args.Context.Properties.GetValue(StateKey, null!) is OperationState state &&
                    ShouldRetry(answer, state.Retries, tokens.CanRenew, maxRetries)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result is ZoomAnswer answer && args.Context.Properties.GetValue(StateKey, null!) is OperationState state &&
                    RetriesAtOnce(answer, state.Retries) ? TimeSpan.Zero : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var state = args.Context.Properties.GetValue(StateKey, null!);
                    var log = state?.Log;
                    if (log != null && log.VerboseEnabled && args.Outcome.Result is ZoomAnswer answer)
                    {
                        var when = answer.Kind == AnswerKind.RateLimited
                            ? "retrying when the account's pause ends"
                            : $"retrying in {args.RetryDelay.TotalSeconds:0.##} s";
                        log.Verbose($"{state!.Description}: attempt {state.Attempts} failed ({answer.Summary}); {when}.");
                    }
                    return default;
                },
            };
            SetBackoff(retry, options, random);
            return new ResiliencePipelineBuilder<ZoomAnswer> { TimeProvider = time }.AddRetry(retry).Build();
        }

        /// <summary>
        /// Connect-Zoom's first token: a token service that is slow or answers 5xx/429 is retried like
        /// any transient fault. Refused credentials are not, nor is a service that cannot be reached at
        /// all: at connect time that is a DNS, proxy or firewall matter, better said at once than after
        /// half a minute of retries. (Mid-run, the rows' own retries cover a renewal that hits a blip.)
        /// </summary>
        public static ResiliencePipeline BuildForFirstToken(ZoomConnectionOptions options, TimeProvider time, Func<double> random)
        {
            if (options.MaxRetryCount <= 0) return ResiliencePipeline.Empty;
            var retry = new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryCount,
                ShouldHandle = new PredicateBuilder().Handle<ZoomAuthenticationException>(e => e.IsTransient && !(e.InnerException is HttpRequestException)),
            };
            SetBackoff(retry, options, random);
            return new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build();
        }

        /// <summary>
        /// The wait between tries, the same for rows and for the first token: exponential from
        /// -RetryBaseDelay with jitter (drawn from <paramref name="random"/>), never over <see cref="MaxDelay"/>.
        /// </summary>
        private static void SetBackoff<T>(RetryStrategyOptions<T> retry, ZoomConnectionOptions options, Func<double> random)
        {
            retry.Randomizer = random;
            retry.BackoffType = DelayBackoffType.Exponential;
            retry.UseJitter = true;
            retry.Delay = options.RetryBaseDelay;
            retry.MaxDelay = MaxDelay;
        }

        /// <summary>Whether <paramref name="answer"/> earns another attempt; when it does, the retry is taken from <paramref name="budget"/>.</summary>
        internal static bool ShouldRetry(ZoomAnswer answer, RetryBudget budget, bool tokenCanRenew, int maxRetries)
        {
            switch (answer.Kind)
            {
                case AnswerKind.TokenRejected:
                    if (!tokenCanRenew) return false;
                    if (budget.TokenRetries >= FreeTokenRetries && !budget.TakeTransient(maxRetries)) return false;
                    budget.TakeToken();
                    return true;
                case AnswerKind.RateLimited:
                    return budget.TakeRateLimit(maxRetries * RateLimitRetriesPerRetry);
                case AnswerKind.Transient:
                    return budget.TakeTransient(maxRetries);
                default:
                    return false;
            }
        }

        /// <summary>A renewed token needs no backoff (until renewals stop being free); a 429 waits in the account pacer's shared pause instead.</summary>
        internal static bool RetriesAtOnce(ZoomAnswer answer, RetryBudget budget) =>
            answer.Kind == AnswerKind.RateLimited ||
            (answer.Kind == AnswerKind.TokenRejected && budget.TokenRetries <= FreeTokenRetries);
    }
}
