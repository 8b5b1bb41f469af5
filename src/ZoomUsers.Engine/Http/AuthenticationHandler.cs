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
    internal sealed class AuthenticationHandler
    {
        private readonly TokenCache _tokens;
        private readonly AttemptSender _inner;

        public AuthenticationHandler(TokenCache tokens, AttemptSender inner)
        {
            _tokens = tokens;
            _inner = inner;
        }

        public async Task<ZoomAnswer> SendAsync(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken)
        {
            var token = await _tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            var answer = await _inner(request, state, cancellationToken).ConfigureAwait(false);
            if (answer.Kind == AnswerKind.TokenRejected) _tokens.Reject(token);
            return answer;
        }
    }
}
