using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Pacing;

namespace ZoomUsers.Http
{
    /// <summary>
    /// The outermost handler: every attempt, retries included, first waits for the account pacer, and
    /// every answer teaches it. Outermost so that the token is fetched, and the attempt's timeout
    /// started, only once the request may really go.
    /// </summary>
    internal sealed class PacingHandler : DelegatingHandler
    {
        private readonly AccountPacer _pacer;

        public PacingHandler(AccountPacer pacer) => _pacer = pacer;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
            var state = OperationState.Of(request);
            state?.Released();
            var sent = _pacer.Time.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _pacer.ReportRoundTrip(_pacer.Time.GetElapsedTime(sent));
            var change = _pacer.Observe(ZoomAnswer.Of(response));
            if (change != null && state?.Log is { VerboseEnabled: true } log) log.Verbose(change.ToString());
            return response;
        }
    }
}
