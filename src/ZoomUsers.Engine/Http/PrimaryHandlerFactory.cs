using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using ZoomUsers.Connection;

namespace ZoomUsers.Http
{
    /// <summary>
    /// The socket-level handler. Written for both runtimes the module loads in: on .NET Framework
    /// (Windows PowerShell 5.1) the per-server connection limit defaults to 2 and TLS 1.2 may be
    /// off, either of which would silently cap or break a bulk run. Both are handled without
    /// narrowing any process-wide setting other modules rely on.
    /// </summary>
    internal static class PrimaryHandlerFactory
    {
        private static readonly object PlatformGate = new object();

        public static bool IsNetFramework { get; } =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public static HttpMessageHandler Create(ZoomConnectionOptions options)
        {
            PreparePlatform();
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };

            // Per handler, on every runtime the manifest allows (.NET Framework 4.7.1+ honours it), so
            // ServicePointManager.DefaultConnectionLimit, which every other module shares, stays as it is.
            handler.MaxConnectionsPerServer = options.MaxConnections;

            WebProxy? proxy = null;
            if (options.Proxy != null)
            {
                // A proxy given by name carries everything, local hosts included: stated, not left to
                // the default, because "local" means any dotless intranet name too, and a proxy that
                // silently stops applying is worse than one that is used. (.NET Framework's WebProxy
                // still skips loopback; PowerShell 7 honours this for 127.0.0.1 and localhost.)
                // Credentials are only sent after the proxy's 407 challenge.
                proxy = new WebProxy(options.Proxy)
                {
                    BypassProxyOnLocal = false,
                    Credentials = options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : options.ProxyCredential,
                };
                handler.UseProxy = true;
                handler.Proxy = proxy;
            }
            else if (options.ProxyUseDefaultCredentials || options.ProxyCredential != null)
            {
                // The runtime's default proxy (the system's; HTTPS_PROXY on PowerShell 7), answered with
                // these when it has no credentials of its own (HttpClient.DefaultProxy.Credentials, a
                // user:password in HTTPS_PROXY, WebRequest.DefaultWebProxy.Credentials on 5.1 win).
                handler.DefaultProxyCredentials = options.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : options.ProxyCredential;
            }
            // Otherwise the runtime's default proxy applies with its own credentials, if any.

            // A certificate error fails the request, as without a callback: this one only watches the
            // platform's verdict so the failure can be named (untrusted root, expired, wrong name). A
            // TLS-inspecting proxy's root must be trusted by the OS, never by this module.
            return CertificateFailureHandler.Over(handler, new ProxyRefusalHandler(proxy, handler));
        }

        private static void PreparePlatform()
        {
            if (!IsNetFramework) return;
            lock (PlatformGate)
            {
                // The one process-wide setting left: .NET Framework has no per-client TLS version, and
                // Zoom needs TLS 1.2. Widened only when it would exclude TLS 1.2 (Tls12Setting says why).
                var widened = Tls12Setting.Widen(ServicePointManager.SecurityProtocol);
                if (widened.HasValue) ServicePointManager.SecurityProtocol = widened.Value;
            }
        }
    }
}
