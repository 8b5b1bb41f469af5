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
    /// attempt waited, is an answer like Zoom's own daily 429: nothing is sent.
    /// </summary>
    internal sealed class PacingHandler
    {
        private readonly AccountPacer _pacer;
        private readonly AttemptSender _inner;

        public PacingHandler(AccountPacer pacer, AttemptSender inner)
        {
            _pacer = pacer;
            _inner = inner;
        }

        public async Task<ZoomAnswer> SendAsync(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken)
        {
            if (!await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false))
                return ZoomAnswer.DailyLimitReached(_pacer.DailyLimitResetsAt ?? ZoomAnswer.NextUtcMidnight(_pacer.Time.GetUtcNow()));
            state.Released();
            var sent = _pacer.Time.GetTimestamp();
            var answer = await _inner(request, state, cancellationToken).ConfigureAwait(false);
            _pacer.ReportRoundTrip(_pacer.Time.GetElapsedTime(sent));
            var change = _pacer.Observe(answer);
            if (change != null && state.Log is { VerboseEnabled: true } log) log.Verbose(change.ToString());
            return answer;
        }
    }
}
