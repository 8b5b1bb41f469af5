using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Auth;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Puts the connection's bearer token on every API request, and drops a token Zoom rejected
    /// (401 code 124) so the retry that follows fetches a fresh one (the retry itself is the
    /// resilience pipeline's).
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
            if (ZoomAnswer.Of(response).Kind == AnswerKind.TokenRejected) _tokens.Reject(token);
            return response;
        }
    }
}
