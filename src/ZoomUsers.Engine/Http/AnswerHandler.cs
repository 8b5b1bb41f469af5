using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Reads each answer from Zoom once, into a <see cref="ZoomAnswer"/> the handlers outside it (the
    /// token handler, the pacer) and the API client take their decisions from. Inside the attempt
    /// timeout: an answer whose body never finishes arriving is a timed-out attempt.
    /// </summary>
    internal sealed class AnswerHandler : DelegatingHandler
    {
        private readonly TimeProvider _time;

        /// <param name="time">The connection's clock: Retry-After in seconds becomes a time on it.</param>
        public AnswerHandler(TimeProvider time) => _time = time;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            (await ZoomAnswer.ReadAsync(response, _time.GetUtcNow()).ConfigureAwait(false)).AttachTo(response);
            return response;
        }
    }
}
