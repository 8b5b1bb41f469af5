using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// An HTTPS endpoint on loopback whose certificate names the host correctly (localhost, 127.0.0.1)
/// but chains to no trusted root: the one flaw a client that "ignores certificate errors" lets pass.
/// Counts the connections made to it and whether any request bytes ever arrived decrypted. (Under
/// TLS 1.3 the server's side of the handshake completes before the client judges the certificate,
/// so "the handshake failed" is not observable here; "no request bytes" is the promise that counts.)
/// </summary>
public sealed class UntrustedTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly Task _accepting;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Task> _connections = new();
    private int _connectionsMade;
    private int _requestsRead;

    public UntrustedTlsServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>TCP connections accepted: the client did try this server.</summary>
    public int ConnectionsMade => Volatile.Read(ref _connectionsMade);

    /// <summary>Connections on which the client sent request bytes through TLS: it trusted the certificate.</summary>
    public int RequestsRead => Volatile.Read(ref _requestsRead);

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _connections.Enqueue(Task.Run(() => ServeAsync(client)));
        }
    }

    /// <summary>
    /// Waits until every connection so far is over on the server's side too: the client reports its
    /// failure before the server has finished noticing it.
    /// </summary>
    public Task SettleAsync() => Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Interlocked.Increment(ref _connectionsMade);
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stopping.Token);
        }
        catch (Exception)
        {
            return;
        }
        try
        {
            var buffer = new byte[1024];
            if (await tls.ReadAsync(buffer, _stopping.Token) > 0) Interlocked.Increment(ref _requestsRead);
        }
        catch (Exception)
        {
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PFX: an ephemeral key cannot serve TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _certificate.Dispose();
    }
}
