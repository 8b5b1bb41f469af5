using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// A small HTTP forward proxy on loopback, enough for plain-http targets: it takes absolute-form
/// requests (<c>POST http://host:port/path HTTP/1.1</c>), records each request line and its
/// Proxy-Authorization, optionally demands Basic credentials with a 407 challenge, forwards the
/// request to the target and relays the answer. One request per connection: every answer says
/// <c>Connection: close</c>, so the client never reuses a socket the proxy has shut.
/// </summary>
public sealed class LoopbackForwardProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly string? _expectedAuthorization;

    /// <param name="user">When set, requests without <c>Proxy-Authorization: Basic user:password</c> get 407.</param>
    public LoopbackForwardProxy(string? user = null, string? password = null)
    {
        if (user != null)
            _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Uri { get; }

    /// <summary>Every request received, in arrival order, challenged ones included.</summary>
    public ConcurrentQueue<ProxiedRequest> Requests { get; } = new();

    /// <summary>Requests answered 407.</summary>
    public int Challenges => Requests.Count(r => r.Challenged);

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
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head == null) return;
            var (requestLine, headers, leftover) = head.Value;
            var body = await ReadBodyAsync(stream, headers, leftover);

            var parts = requestLine.Split(' ');
            var authorization = Header(headers, "Proxy-Authorization");
            var challenged = _expectedAuthorization != null && authorization != _expectedAuthorization;
            Requests.Enqueue(new ProxiedRequest(requestLine, authorization, challenged));

            if (parts.Length != 3 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var target) || target.Scheme != "http")
            {
                await WriteAsync(stream, "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            if (challenged)
            {
                await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"zoomusers-test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }

            var answer = await ForwardAsync(parts[0], target, headers, body);
            await stream.WriteAsync(answer, _stopping.Token);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client gave up (a timeout test, or the run was stopped): nothing to relay.
        }
    }

    private async Task<byte[]> ForwardAsync(string method, Uri target, List<(string Name, string Value)> headers, byte[] body)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(target.Host == "localhost" ? "127.0.0.1" : target.Host, target.Port, _stopping.Token);
        var stream = upstream.GetStream();

        var request = new StringBuilder($"{method} {target.PathAndQuery} HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                continue;
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        request.Append("Via: 1.1 zoomusers-test-proxy\r\nConnection: close\r\n\r\n");
        await WriteAsync(stream, request.ToString());
        if (body.Length > 0) await stream.WriteAsync(body, _stopping.Token);

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, _stopping.Token);
        return WithConnectionClose(answer.ToArray());
    }

    private static byte[] WithConnectionClose(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || text[..end].Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase)) return response;
        return Encoding.Latin1.GetBytes(text[..end] + "\r\nConnection: close" + text[end..]);
    }

    private async Task<(string RequestLine, List<(string Name, string Value)> Headers, byte[] Leftover)?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, _stopping.Token);
            if (read == 0) return null;
            buffer.Write(chunk, 0, read);
            var text = Encoding.Latin1.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;

            var lines = text[..end].Split("\r\n");
            var headers = lines.Skip(1)
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2)
                .Select(p => (p[0].Trim(), p[1].Trim()))
                .ToList();
            var leftover = buffer.ToArray()[(end + 4)..];
            return (lines[0], headers, leftover);
        }
    }

    private async Task<byte[]> ReadBodyAsync(NetworkStream stream, List<(string Name, string Value)> headers, byte[] leftover)
    {
        var length = int.TryParse(Header(headers, "Content-Length"), out var n) ? n : 0;
        var body = new byte[length];
        var have = Math.Min(leftover.Length, length);
        Array.Copy(leftover, body, have);
        while (have < length)
        {
            var read = await stream.ReadAsync(body.AsMemory(have), _stopping.Token);
            if (read == 0) break;
            have += read;
        }
        return body;
    }

    private static string? Header(List<(string Name, string Value)> headers, string name) =>
        headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    private Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.Latin1.GetBytes(text), _stopping.Token).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        // _stopping is not disposed: connections still winding down read its token.
    }
}

/// <param name="RequestLine">As received, e.g. <c>PUT http://localhost:1234/v2/users/x/password HTTP/1.1</c>.</param>
/// <param name="ProxyAuthorization">The raw header, or null.</param>
/// <param name="Challenged">Answered 407 instead of forwarded.</param>
public sealed record ProxiedRequest(string RequestLine, string? ProxyAuthorization, bool Challenged);
