using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ZoomUsers.Http;
using ZoomUsers.Simulator.Tls;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// Each request names the certificate failure of its own TLS handshake: two requests to one host at
/// once, whose handshakes meet different certificates, each get their own verdict (a good one's success
/// does not erase the other's failure; two failures are not swapped). Real handshakes on loopback, with
/// the socket handler and validation callback the module uses (CertificateFailureHandler.Over).
/// </summary>
public sealed class CertificateCheckTests
{
    private static ThrowawayCa? _ca;

    /// <summary>
    /// The CA this test process trusts, through SSL_CERT_FILE, set by a module initializer because it
    /// must be set before the process builds its first chain (ProcessTrust says why). It holds for the
    /// whole test process; no other engine test makes a TLS handshake.
    /// </summary>
    private static ThrowawayCa Ca => _ca ?? throw new InvalidOperationException("The test CA was not made.");

    [ModuleInitializer]
    internal static void TrustTheTestCa()
    {
        _ca = new ThrowawayCa("ZoomUsers engine tests throwaway CA");
        ProcessTrust.Trust(_ca);
    }

    private static X509Certificate2 Certificate(string kind) => kind switch
    {
        "good" => Ca.IssueLoopback(),
        "untrusted" => Untrusted(),
        "expired" => Ca.Issue(new[] { "localhost" }, new[] { IPAddress.Loopback }, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)),
        "wrong name" => Ca.Issue(new[] { "zoom.example.net" }, Array.Empty<IPAddress>(), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static X509Certificate2 Untrusted()
    {
        using var inspecting = new ThrowawayCa("TLS-inspecting proxy CA nobody trusts");
        return inspecting.IssueLoopback();
    }

    /// <summary>What each kind of certificate makes a request end with.</summary>
    private static string Outcome(string kind) => kind switch
    {
        "good" => "OK",
        "untrusted" => ErrorIds.TlsCertificateUntrusted,
        "expired" => ErrorIds.TlsCertificateExpired,
        _ => ErrorIds.TlsCertificateNameMismatch,
    };

    /// <summary>
    /// The server takes both connections, then completes the first handshake and waits until the
    /// client has judged that certificate before it starts the second; the client holds both requests'
    /// outcomes until both handshakes are over (<see cref="Rendezvous"/>). So the second handshake's
    /// verdict always comes after the first's and before the first request's failure is named: the
    /// order in which a verdict kept per host named the wrong one, or none.
    /// </summary>
    [ProcessTrustTheory]
    [InlineData("untrusted", "good")]
    [InlineData("good", "untrusted")]
    [InlineData("expired", "wrong name")]
    public async Task Two_handshakes_with_one_host_at_once_each_name_their_own_certificates_verdict(string first, string second)
    {
        using var firstCertificate = Certificate(first);
        using var secondCertificate = Certificate(second);
        await using var server = new TwoHandshakeServer(firstCertificate, secondCertificate);
        using var socket = new HttpClientHandler();
        using var client = new HttpClient(CertificateFailureHandler.Over(socket, new Rendezvous(socket, 2)));
        var uri = new Uri($"https://127.0.0.1:{server.Port}/v2/users/me");

        var outcomes = await Task.WhenAll(Send(client, uri), Send(client, uri));
        await server.Served;

        Assert.Equal(new[] { Outcome(first), Outcome(second) }.Order(), outcomes.Order());
    }

    private static async Task<string> Send(HttpClient client, Uri uri)
    {
        try
        {
            using var response = await client.GetAsync(uri);
            return response.StatusCode.ToString();
        }
        catch (TlsCertificateException e)
        {
            Assert.Equal($"127.0.0.1:{uri.Port}", e.Host);
            return e.ErrorId;
        }
        catch (HttpRequestException e)
        {
            return "not named: " + e.Message;
        }
    }

    /// <summary>Holds every request's outcome, success or failure, until each of <paramref name="count"/> requests has its own.</summary>
    private sealed class Rendezvous(HttpMessageHandler inner, int count) : DelegatingHandler(inner)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                if (Interlocked.Increment(ref _arrived) == count) _all.SetResult();
                await _all.Task;
            }
        }
    }

    /// <summary>
    /// One loopback port; the first two connections made to it get a certificate each, in the order
    /// they were accepted, one handshake after the other: the second starts once the client has judged
    /// the first certificate (sent a request through it, or closed it). A request gets
    /// "200 OK" and "Connection: close", so no request is answered on another's connection.
    /// </summary>
    private sealed class TwoHandshakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public TwoHandshakeServer(X509Certificate2 first, X509Certificate2 second)
        {
            _listener.Start();
            Served = ServeAsync(first, second);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task Served { get; }

        private async Task ServeAsync(X509Certificate2 first, X509Certificate2 second)
        {
            using var a = await _listener.AcceptTcpClientAsync();
            using var b = await _listener.AcceptTcpClientAsync();
            await HandshakeAndAnswerAsync(a, first);
            await HandshakeAndAnswerAsync(b, second);
        }

        private static async Task HandshakeAndAnswerAsync(TcpClient connection, X509Certificate2 certificate)
        {
            await using var tls = new SslStream(connection.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
                if (await ReadRequestHeadAsync(tls))
                    await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            }
            catch (Exception e) when (e is IOException or AuthenticationException)
            {
                // The client refused the certificate: it closed the connection, or sent an alert.
            }
        }

        /// <summary>True once a request's head has arrived; false when the client closed the connection first.</summary>
        private static async Task<bool> ReadRequestHeadAsync(Stream stream)
        {
            var head = new StringBuilder();
            var buffer = new byte[1024];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) return false;
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try { await Served; } catch (SocketException) { } catch (ObjectDisposedException) { }
        }
    }
}
