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
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            (await ZoomAnswer.ReadAsync(response, DateTimeOffset.UtcNow).ConfigureAwait(false)).AttachTo(response);
            return response;
        }
    }
}
