using System.Net.Http;

namespace ZoomUsers.Http
{
    /// <summary>
    /// The server's certificate failed validation, and the handshake was refused: untrusted root
    /// (typically a TLS-inspecting proxy whose root the OS does not trust), expired, or for another
    /// name. The network's or the server's setup, not a passing fault: never retried. The message says
    /// what failed and what to do; <see cref="ErrorId"/> says which of the three.
    /// </summary>
    public sealed class TlsCertificateException : HttpRequestException
    {
        public TlsCertificateException(string errorId, string message, string host)
            : base(message)
        {
            ErrorId = errorId;
            Host = host;
        }

        /// <summary><c>TlsCertificateUntrusted</c>, <c>TlsCertificateExpired</c> or <c>TlsCertificateNameMismatch</c>.</summary>
        public string ErrorId { get; }

        /// <summary>The host whose certificate failed (host:port).</summary>
        public string Host { get; }
    }
}
