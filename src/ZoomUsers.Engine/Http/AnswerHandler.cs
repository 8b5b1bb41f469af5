using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Http
{
    /// <summary>
    /// The innermost handler: sends the request and reads Zoom's answer once, into the
    /// <see cref="ZoomAnswer"/> every handler outside it and the API client decide from; the response
    /// goes as soon as it is read. Inside the attempt timeout: an answer whose body never finishes
    /// arriving is a timed-out attempt. Transport failures propagate as exceptions, for the API client
    /// to classify (<see cref="ZoomAnswer.FromFault"/>).
    /// </summary>
    internal sealed class AnswerHandler
    {
        private readonly Func<HttpClient> _network;
        private readonly TimeProvider _time;

        /// <param name="network">The client over the socket-level handler (IHttpClientFactory's, so its connections rotate).</param>
        /// <param name="time">The connection's clock: Retry-After in seconds becomes a time on it.</param>
        public AnswerHandler(Func<HttpClient> network, TimeProvider time)
        {
            _network = network;
            _time = time;
        }

        public async Task<ZoomAnswer> SendAsync(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken)
        {
            using var response = await _network().SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return await ZoomAnswer.ReadAsync(response, _time.GetUtcNow()).ConfigureAwait(false);
        }
    }
}
