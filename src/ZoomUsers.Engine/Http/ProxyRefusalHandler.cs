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
    /// "token request refused") and retry.
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
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.ProxyAuthenticationRequired) return response;

            var schemes = string.Join(", ", response.Headers.ProxyAuthenticate.Select(h => h.Scheme).Distinct(StringComparer.OrdinalIgnoreCase));
            response.Dispose();
            var proxy = ProxyFor(request.RequestUri);
            throw new ProxyAuthenticationException(
                $"The proxy {(proxy != null ? proxy.ToString() : "in use")} refused the request to {request.RequestUri?.Host}: HTTP 407 Proxy Authentication Required" +
                (schemes.Length > 0 ? $" (it asks for {schemes})" : string.Empty) +
                ". Give Connect-Zoom -ProxyCredential, or -ProxyUseDefaultCredentials for the logged-on user's, or put credentials on the system proxy.",
                proxy);
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
