using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Auth;
using ZoomUsers.Pacing;

namespace ZoomUsers.Http
{
    /// <summary>One attempt of one row's request: sent on, and what it came to. Each handler is one, wrapping the next.</summary>
    internal delegate Task<ZoomAnswer> AttemptSender(HttpRequestMessage request, OperationState state, CancellationToken cancellationToken);

    /// <summary>
    /// The handlers every attempt passes, built here and nowhere else, outermost first:
    /// <list type="number">
    /// <item><see cref="PacingHandler"/>: waits for the account's turn, and learns from the answer. First, so
    /// the token is fetched and the timeout started only once the request may really go.</item>
    /// <item><see cref="AuthenticationHandler"/>: the bearer token; drops one Zoom rejected.</item>
    /// <item><see cref="AttemptTimeoutHandler"/>: -TimeoutSec, over the exchange alone (neither wait above counts).</item>
    /// <item><see cref="DiagnosticsHandler"/>: the debug line of each exchange.</item>
    /// <item><see cref="AnswerHandler"/>: the network, and the one reading of Zoom's answer.</item>
    /// </list>
    /// The answer travels back as each handler's return value, read once, and every handler sees the
    /// same <see cref="ZoomAnswer"/>: no property bag, no handler that must find another's output.
    /// (They were <see cref="DelegatingHandler"/>s in IHttpClientFactory's pipeline, whose order only a
    /// runtime check could enforce; the factory now gives the socket-level handler alone.)
    /// </summary>
    internal static class AttemptChain
    {
        /// <summary>One pacer for every request.</summary>
        public static AttemptSender Build(AccountPacer pacer, TokenCache tokens, TimeSpan attemptTimeout, Func<HttpClient> network, TimeProvider time) =>
            Build(_ => pacer, tokens, attemptTimeout, network, time);

        /// <summary>A pacer per rate-limit label (<see cref="AccountPacers"/>): each request waits for its own label's.</summary>
        public static AttemptSender Build(AccountPacers pacers, TokenCache tokens, TimeSpan attemptTimeout, Func<HttpClient> network, TimeProvider time) =>
            Build(pacers.For, tokens, attemptTimeout, network, time);

        private static AttemptSender Build(Func<RateLabel, AccountPacer> pacer, TokenCache tokens, TimeSpan attemptTimeout, Func<HttpClient> network, TimeProvider time)
        {
            AttemptSender send = new AnswerHandler(network, time).SendAsync;
            send = new DiagnosticsHandler(send, time).SendAsync;
            send = new AttemptTimeoutHandler(attemptTimeout, send, time).SendAsync;
            send = new AuthenticationHandler(tokens, send).SendAsync;
            return new PacingHandler(pacer, send).SendAsync;
        }
    }
}
