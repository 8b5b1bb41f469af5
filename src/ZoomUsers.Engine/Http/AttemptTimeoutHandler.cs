using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace ZoomUsers.Http
{
    /// <summary>
    /// -TimeoutSec bounds one exchange with Zoom, and only that: it sits inside the pacer and the token
    /// handler, so time spent waiting for a permit (a 429 pause, a slow -RequestsPerSecond) or for
    /// another worker's token renewal never turns into a timeout of a request that was never sent.
    /// A timeout surfaces as Polly's <see cref="Polly.Timeout.TimeoutRejectedException"/>.
    /// </summary>
    internal sealed class AttemptTimeoutHandler
    {
        private readonly ResiliencePipeline _timeout;
        private readonly AttemptSender _inner;

        public AttemptTimeoutHandler(TimeSpan timeout, AttemptSender inner, TimeProvider time)
        {
            _timeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(timeout).Build();
            _inner = inner;
        }

        public Task<ZoomAnswer> SendAsync(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken) =>
            _timeout.ExecuteAsync(
                static (s, ct) => new ValueTask<ZoomAnswer>(s.Inner(s.Request, s.State, ct)),
                (Inner: _inner, Request: request, State: state),
                cancellationToken).AsTask();
    }
}
