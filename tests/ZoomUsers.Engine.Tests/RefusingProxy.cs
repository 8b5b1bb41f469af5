using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// An HTTP proxy on loopback that opens no tunnel: it reads each request's head (a CONNECT) and answers
/// it with one status, or drops the connection without a word. What the runtime throws at it is what a
/// real proxy's refusal or failure makes it throw.
/// </summary>
public sealed class RefusingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[]? _answer;
    private readonly Task _accepting;
    private int _requests;

    private RefusingProxy(byte[]? answer)
    {
        _answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Answers every request with this status and no body (a 407 asks for Basic credentials).</summary>
    public static RefusingProxy Answering(HttpStatusCode status)
    {
        var head = new StringBuilder($"HTTP/1.1 {(int)status} {status}\r\n");
        if (status == HttpStatusCode.ProxyAuthenticationRequired) head.Append("Proxy-Authenticate: Basic realm=\"proxy\"\r\n");
        head.Append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        return new RefusingProxy(Encoding.ASCII.GetBytes(head.ToString()));
    }

    /// <summary>Reads each request's head, then closes the connection without answering.</summary>
    public static RefusingProxy Dropping() => new(null);

    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Request heads read: the client did ask this proxy.</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is ObjectDisposedException or SocketException) { return; }
            using (client)
            {
                var stream = client.GetStream();
                if (!await ReadHeadAsync(stream)) continue;
                Interlocked.Increment(ref _requests);
                if (_answer != null) await stream.WriteAsync(_answer);
            }
        }
    }

    // Up to the blank line that ends the request head; false when the client left first.
    private static async Task<bool> ReadHeadAsync(NetworkStream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1024];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read;
            try { read = await stream.ReadAsync(buffer); }
            catch (IOException) { return false; }
            if (read == 0) return false;
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
    }
}
