using System.Net;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Whether .NET Framework's process-wide <see cref="ServicePointManager.SecurityProtocol"/> must
    /// change for Zoom (TLS 1.2 or newer only) to be reachable, and to what. Other modules share that
    /// setting, so it is only ever widened, and only when it would otherwise exclude TLS 1.2.
    /// </summary>
    internal static class Tls12Setting
    {
        /// <returns>The value to set, or null to leave the process's setting as it is.</returns>
        public static SecurityProtocolType? Widen(SecurityProtocolType current)
        {
            // SystemDefault (0): the OS picks, TLS 1.2 and 1.3 where enabled (SystemDefaultTlsVersions).
            // OR-ing Tls12 into it would turn "whatever the OS allows" into "TLS 1.2 only" for everyone.
            if (current == 0) return null;
            if ((current & SecurityProtocolType.Tls12) == SecurityProtocolType.Tls12) return null;
            return current | SecurityProtocolType.Tls12;
        }
    }
}
