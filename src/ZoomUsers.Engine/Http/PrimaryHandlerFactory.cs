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
    /// off, either of which would silently cap or break a bulk run.
    /// </summary>
    internal static class PrimaryHandlerFactory
    {
        private static readonly object PlatformGate = new object();
        private static bool s_platformPrepared;

        public static bool IsNetFramework { get; } =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public static HttpMessageHandler Create(ZoomConnectionOptions options)
        {
            PreparePlatform(options.MaxConnections);
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };

            try
            {
                handler.MaxConnectionsPerServer = options.MaxConnections;
            }
            catch (PlatformNotSupportedException)
            {
                // Older .NET Framework handlers: ServicePointManager (below) carries the limit instead.
            }

            if (options.Proxy != null)
            {
                // A proxy given by name carries everything, local hosts included: stated, not left to
                // the default, because "local" means any dotless intranet name too, and a proxy that
                // silently stops applying is worse than one that is used. (.NET Framework's WebProxy
                // still skips loopback; PowerShell 7 honours this for 127.0.0.1 and localhost.)
                // Credentials are only sent after the proxy's 407 challenge.
                handler.UseProxy = true;
                handler.Proxy = new WebProxy(options.Proxy)
                {
                    BypassProxyOnLocal = false,
                    Credentials = options.ProxyCredential,
                };
            }
            // Otherwise the runtime's default proxy applies: the system proxy, and HTTPS_PROXY /
            // NO_PROXY on PowerShell 7.
            // No ServerCertificateCustomValidationCallback, ever: a certificate error fails the
            // request (a TLS-inspecting proxy's root must be trusted by the OS, not by this module).
            return handler;
        }

        private static void PreparePlatform(int maxConnections)
        {
            if (!IsNetFramework) return;
            lock (PlatformGate)
            {
                // Process-wide settings: only ever widened, never narrowed, since other modules share them.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
                if (ServicePointManager.DefaultConnectionLimit < maxConnections)
                    ServicePointManager.DefaultConnectionLimit = maxConnections;
                if (!s_platformPrepared)
                {
                    ServicePointManager.Expect100Continue = false;
                    s_platformPrepared = true;
                }
            }
        }
    }
}
