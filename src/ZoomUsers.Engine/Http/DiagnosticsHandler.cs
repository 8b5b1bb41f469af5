using System;
using System.Threading;
using System.Threading.Tasks;
using System.Net.Http;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Writes each HTTP exchange to the debug stream: method, URL, status, timing, and the tracking id
    /// <see cref="AnswerHandler"/> (just inside it) read.
    /// Credentials show as <c>Bearer ***</c>; bodies are never written (a password travels in one).
    /// </summary>
    internal sealed class DiagnosticsHandler
    {
        private readonly AttemptSender _inner;
        private readonly TimeProvider _time;

        public DiagnosticsHandler(AttemptSender inner, TimeProvider time)
        {
            _inner = inner;
            _time = time;
        }

        public async Task<ZoomAnswer> SendAsync(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken)
        {
            var log = state.Log;
            if (log == null || !log.DebugEnabled)
                return await _inner(request, state, cancellationToken).ConfigureAwait(false);

            var scheme = request.Headers.Authorization?.Scheme;
            log.Debug($"HTTP {request.Method} {request.RequestUri}" +
                      (scheme != null ? $" Authorization: {scheme} ***" : string.Empty) +
                      (request.Content?.Headers.ContentType != null ? $" Content-Type: {request.Content.Headers.ContentType.MediaType}" : string.Empty));
            var started = _time.GetTimestamp();
            try
            {
                var answer = await _inner(request, state, cancellationToken).ConfigureAwait(false);
                var tracking = answer.TrackingId;
                log.Debug($"HTTP {answer.HttpStatus} {answer.ReasonPhrase} from {request.Method} {request.RequestUri} in {Milliseconds(started)} ms" +
                          (tracking != null ? $" (x-zm-trackingid {tracking})" : string.Empty));
                return answer;
            }
            catch (Exception ex)
            {
                log.Debug($"HTTP {request.Method} {request.RequestUri} failed after {Milliseconds(started)} ms: {ex.GetType().Name}: {ex.Message}");
                throw;
            }
        }

        private long Milliseconds(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;
    }
}
