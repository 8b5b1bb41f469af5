using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ZoomUsers.Simulator.Tls;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// An HTTPS endpoint on loopback whose certificate has exactly one flaw: it chains to a root nobody
/// trusts (what a TLS-inspecting proxy presents when its root is not in the OS store), it has expired,
/// or it names another host. The other two are right, so the flaw named is the one made.
/// Counts the connections made to it and whether any request bytes ever arrived decrypted. (Under
/// TLS 1.3 the server's side of the handshake completes before the client judges the certificate,
/// so "the handshake failed" is not observable here; "no request bytes" is the promise that counts.)
/// </summary>
public sealed class FlawedTlsServer : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly LoopbackServer _server;
    private int _connectionsMade;
    private int _requestsRead;

    private FlawedTlsServer(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _server = new LoopbackServer(ServeAsync);
    }

    /// <summary>Issued for localhost and 127.0.0.1 by a CA of its own that this process does not trust.</summary>
    public static FlawedTlsServer Untrusted()
    {
        using var inspecting = new ThrowawayCa("TLS-inspecting proxy CA nobody trusts");
        return new FlawedTlsServer(inspecting.IssueLoopback());
    }

    /// <summary>From the trusted test CA, for localhost and 127.0.0.1, but expired yesterday.</summary>
    public static FlawedTlsServer Expired() => new(TestTrust.Ca.Issue(new[] { "localhost" }, new[] { IPAddress.Loopback },
        DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)));

    /// <summary>From the trusted test CA, valid, but for another host only.</summary>
    public static FlawedTlsServer WrongName() => new(TestTrust.Ca.Issue(new[] { "zoom.example.net" }, Array.Empty<IPAddress>(),
        DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)));

    public int Port => _server.Port;

    /// <summary>The last day its certificate is valid (UTC), as the error message must name it.</summary>
    public DateTime NotAfterUtc => _certificate.NotAfter.ToUniversalTime();

    /// <summary>TCP connections accepted: the client did try this server.</summary>
    public int ConnectionsMade => Volatile.Read(ref _connectionsMade);

    /// <summary>Connections on which the client sent request bytes through TLS: it accepted the certificate.</summary>
    public int RequestsRead => Volatile.Read(ref _requestsRead);

    /// <inheritdoc cref="LoopbackServer.SettleAsync"/>
    public Task SettleAsync() => _server.SettleAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        Interlocked.Increment(ref _connectionsMade);
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, stopping);
            var buffer = new byte[1024];
            if (await tls.ReadAsync(buffer, stopping) > 0) Interlocked.Increment(ref _requestsRead);
        }
        catch (Exception)
        {
            // The client refused the certificate: the outcome under test, not a server fault.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }
}
