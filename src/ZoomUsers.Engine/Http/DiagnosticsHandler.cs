using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Writes each HTTP exchange to the debug stream: method, URL, status, timing, and the tracking id
    /// <see cref="AnswerHandler"/> (just inside it) read.
    /// Credentials show as <c>Bearer ***</c>; bodies are never written (a password travels in one).
    /// </summary>
    internal sealed class DiagnosticsHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var log = OperationState.Of(request)?.Log;
            if (log == null || !log.DebugEnabled)
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var scheme = request.Headers.Authorization?.Scheme;
            log.Debug($"HTTP {request.Method} {request.RequestUri}" +
                      (scheme != null ? $" Authorization: {scheme} ***" : string.Empty) +
                      (request.Content?.Headers.ContentType != null ? $" Content-Type: {request.Content.Headers.ContentType.MediaType}" : string.Empty));
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var tracking = ZoomAnswer.Of(response).TrackingId;
                log.Debug($"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {request.Method} {request.RequestUri} in {watch.ElapsedMilliseconds} ms" +
                          (tracking != null ? $" (x-zm-trackingid {tracking})" : string.Empty));
                return response;
            }
            catch (System.Exception ex)
            {
                log.Debug($"HTTP {request.Method} {request.RequestUri} failed after {watch.ElapsedMilliseconds} ms: {ex.GetType().Name}: {ex.Message}");
                throw;
            }
        }
    }
}
