using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Right above the socket handler, which has already answered any challenge it had credentials
    /// for: a 407 that still comes back becomes a <see cref="ProxyAuthenticationException"/> naming
    /// the proxy, instead of an answer the layers above would read as Zoom's (an empty body, a
    /// "token request refused") and retry. Two shapes: a plain-http request's 407 is a response; for
    /// HTTPS, the way Zoom is reached, the 407 answers the tunnel's <c>CONNECT</c> and .NET raises it
    /// as an <see cref="HttpRequestException"/> (<see cref="TunnelRefusal"/> tells it apart).
    /// </summary>
    internal sealed class ProxyRefusalHandler : DelegatingHandler
    {
        /// <summary>PowerShell 7's HttpClient.DefaultProxy (HTTPS_PROXY, or the system's); netstandard2.0 cannot name it.</summary>
        private static readonly PropertyInfo? DefaultProxyProperty = typeof(HttpClient).GetProperty("DefaultProxy", BindingFlags.Public | BindingFlags.Static);

        private readonly IWebProxy? _proxy;

        /// <param name="proxy">The -Proxy given; null when the runtime's default proxy applies.</param>
        public ProxyRefusalHandler(IWebProxy? proxy, HttpMessageHandler inner)
            : base(inner)
        {
            _proxy = proxy;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (!(ex is ProxyAuthenticationException))
            {
                var tunnelProxy = ProxyFor(request.RequestUri);
                if (!TunnelRefusal.Is(ex, tunnelProxy != null)) throw;
                // Not wrapped: .NET's message names the proxy as configured, which for HTTPS_PROXY may hold
                // user:password. The CONNECT's challenge schemes are not exposed, so none are named.
                throw ProxyAuthenticationException.Refused(tunnelProxy, request.RequestUri?.Host, null);
            }
            if (response.StatusCode != HttpStatusCode.ProxyAuthenticationRequired) return response;

            var schemes = string.Join(", ", response.Headers.ProxyAuthenticate.Select(h => h.Scheme).Distinct(StringComparer.OrdinalIgnoreCase));
            response.Dispose();
            throw ProxyAuthenticationException.Refused(ProxyFor(request.RequestUri), request.RequestUri?.Host, schemes);
        }

        private Uri? ProxyFor(Uri? target)
        {
            if (target == null) return null;
            try
            {
                var proxy = _proxy ?? DefaultProxyProperty?.GetValue(null) as IWebProxy ?? WebRequest.DefaultWebProxy;
                var address = proxy?.GetProxy(target);
                return address == null || address == target ? null : WithoutUserInfo(address);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is NotSupportedException || ex is TargetInvocationException)
            {
                return null; // the message still says 407, only without the proxy's name
            }
        }

        /// <summary>http://user:password@proxy:8080 (HTTPS_PROXY's form) is named as http://proxy:8080/.</summary>
        private static Uri WithoutUserInfo(Uri address) =>
            string.IsNullOrEmpty(address.UserInfo) ? address : new UriBuilder(address) { UserName = string.Empty, Password = string.Empty }.Uri;
    }
}
