using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Pacing;

namespace ZoomUsers.Http
{
    /// <summary>
    /// The outermost handler: every attempt, retries included, first waits for the account pacer, and
    /// every answer teaches it. Outermost so that the token is fetched, and the attempt's timeout
    /// started, only once the request may really go. The daily limit, reached before or while the
    /// attempt waited, is an answer like Zoom's own daily 429: nothing is sent. So is a proxy's refusal
    /// of this connection's credentials, once one attempt (or a token renewal inside it) has met it.
    /// </summary>
    internal sealed class PacingHandler
    {
        private readonly Func<RateLabel, AccountPacer> _pacers;
        private readonly AttemptSender _inner;

        /// <summary>One pacer for every request, whatever its label.</summary>
        public PacingHandler(AccountPacer pacer, AttemptSender inner) : this(_ => pacer, inner)
        {
        }

        /// <param name="pacers">The pacer of each rate-limit label: a request waits for, and teaches, its own label's (<see cref="OperationState.Label"/>).</param>
        public PacingHandler(Func<RateLabel, AccountPacer> pacers, AttemptSender inner)
        {
            _pacers = pacers;
            _inner = inner;
        }

        public async Task<ZoomAnswer> SendAsync(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken)
        {
            var pacer = _pacers(state.Label);
            var time = pacer.Time;
            // The row sat out a retry backoff since its last attempt ended: time it held its slot too.
            var backoff = state.LastAttemptEnded is long ended ? time.GetElapsedTime(ended) : TimeSpan.Zero;
            if (!await pacer.WaitAsync(cancellationToken).ConfigureAwait(false))
                return pacer.ProxyRefusal is { } refused
                    ? ZoomAnswer.ProxyRefusedEarlier(refused)
                    : ZoomAnswer.DailyLimitReached(pacer.DailyLimitResetsAt ?? ZoomAnswer.NextUtcMidnight(time.GetUtcNow()));
            state.Released();
            var sent = time.GetTimestamp();
            ZoomAnswer answer;
            try
            {
                answer = await _inner(request, state, cancellationToken).ConfigureAwait(false);
            }
            catch (ProxyAuthenticationException refusal)
            {
                if (pacer.ProxyRefused(refusal) && state.Log is { VerboseEnabled: true } said)
                    said.Verbose($"{refusal.Message} Every remaining row of this connection now fails at once with ProxyAuthenticationRequired, without a request.");
                throw;
            }
            finally
            {
                // However the exchange ended (a timeout after -TimeoutSec, a dropped connection), the row held its slot that long.
                pacer.ReportSlotTime(backoff + time.GetElapsedTime(sent));
                state.LastAttemptEnded = time.GetTimestamp();
            }
            var change = pacer.Observe(answer);
            if (change != null && state.Log is { VerboseEnabled: true } log) log.Verbose(change.ToString());
            return answer;
        }
    }
}
