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
    internal sealed class AttemptTimeoutHandler : DelegatingHandler
    {
        private readonly ResiliencePipeline _timeout;

        public AttemptTimeoutHandler(TimeSpan timeout)
        {
            _timeout = new ResiliencePipelineBuilder().AddTimeout(timeout).Build();
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _timeout.ExecuteAsync(
                static (s, ct) => new ValueTask<HttpResponseMessage>(s.Handler.SendInner(s.Request, ct)),
                (Handler: this, Request: request),
                cancellationToken).AsTask();

        private Task<HttpResponseMessage> SendInner(HttpRequestMessage request, CancellationToken cancellationToken) =>
            base.SendAsync(request, cancellationToken);
    }
}
