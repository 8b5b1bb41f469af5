using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Auth;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Puts the session's bearer token on every API request. On 401 code 124 it drops the token so
    /// the retry that follows fetches a fresh one (the retry itself is the resilience pipeline's).
    /// </summary>
    internal sealed class AuthenticationHandler : DelegatingHandler
    {
        private readonly TokenCache _tokens;

        public AuthenticationHandler(TokenCache tokens) => _tokens = tokens;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var state = OperationState.Of(request);
            if (state != null) state.TokenRejected = false;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var error = await ZoomErrorBody.ReadAsync(response).ConfigureAwait(false);
                if (error.Code == 124)
                {
                    _tokens.Reject(token);
                    if (state != null) state.TokenRejected = true;
                }
            }
            return response;
        }
    }
}
