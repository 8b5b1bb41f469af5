using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// A small HTTP proxy on loopback that does what a corporate proxy does with Zoom's traffic:
/// <list type="bullet">
/// <item>HTTPS targets: <c>CONNECT host:port</c> opens a tunnel, a byte pipe to the target that the proxy
/// cannot read into; each tunnel is recorded with the bytes it carried each way and the port it
/// left from, which the simulator records as each request's <c>RemotePort</c>: so a test sees which
/// requests each tunnel carried.</item>
/// <item>Plain-http targets: absolute-form requests (<c>POST http://host:port/path HTTP/1.1</c>) are
/// forwarded and answered one per connection (<c>Connection: close</c>), with a <c>Via</c> header.</item>
/// </list>
/// With a user, both demand Basic credentials: a request or <c>CONNECT</c> without the right
/// <c>Proxy-Authorization</c> gets <c>407</c> with <c>Proxy-Authenticate: Basic</c> and the connection closes.
/// </summary>
public sealed class LoopbackForwardProxy : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly string? _expectedAuthorization;

    /// <param name="user">When set, requests and tunnels without <c>Proxy-Authorization: Basic user:password</c> get 407.</param>
    public LoopbackForwardProxy(string? user = null, string? password = null)
    {
        if (user != null)
            _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        _server = new LoopbackServer(ServeAsync);
        Uri = new Uri($"http://127.0.0.1:{_server.Port}/");
    }

    public Uri Uri { get; }

    /// <summary>Every request received (<c>CONNECT</c>s included), in arrival order, challenged ones included.</summary>
    public ConcurrentQueue<ProxiedRequest> Requests { get; } = new();

    /// <summary>Every tunnel opened (a <c>CONNECT</c> answered 200), in order.</summary>
    public ConcurrentQueue<ProxyTunnel> Tunnels { get; } = new();

    /// <summary>Requests answered 407.</summary>
    public int Challenges => Requests.Count(r => r.Challenged);

    /// <summary><c>CONNECT</c>s received, answered 407 or not.</summary>
    public int Connects => Requests.Count(r => r.RequestLine.StartsWith("CONNECT ", StringComparison.Ordinal));

    /// <inheritdoc cref="LoopbackServer.SettleAsync"/>
    public Task SettleAsync() => _server.SettleAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        var stream = client.GetStream();
        var head = await ReadHeadAsync(stream, stopping);
        if (head == null) return;
        var (requestLine, headers, leftover) = head.Value;

        var parts = requestLine.Split(' ');
        var authorization = Header(headers, "Proxy-Authorization");
        var challenged = _expectedAuthorization != null && authorization != _expectedAuthorization;
        Requests.Enqueue(new ProxiedRequest(requestLine, authorization, challenged));

        if (challenged)
        {
            await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"zoomusers-test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", stopping);
            return;
        }
        if (parts.Length == 3 && parts[0] == "CONNECT")
        {
            await TunnelAsync(client, parts[1], authorization, leftover, stopping);
            return;
        }
        if (parts.Length != 3 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var target) || target.Scheme != "http")
        {
            await WriteAsync(stream, "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", stopping);
            return;
        }

        var body = await ReadBodyAsync(stream, headers, leftover, stopping);
        var answer = await ForwardAsync(parts[0], target, headers, body, stopping);
        await stream.WriteAsync(answer, stopping);
    }

    /// <summary>A byte pipe both ways between the client and <paramref name="authority"/>, until either side closes.</summary>
    private async Task TunnelAsync(TcpClient client, string authority, string? authorization, byte[] leftover, CancellationToken stopping)
    {
        var colon = authority.LastIndexOf(':');
        var host = authority[..colon];
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(host == "localhost" ? "127.0.0.1" : host, int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture), stopping);
        }
        catch (SocketException)
        {
            await WriteAsync(client.GetStream(), "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", stopping);
            return;
        }
        var tunnel = new ProxyTunnel(authority, authorization, ((System.Net.IPEndPoint)upstream.Client.LocalEndPoint!).Port);
        Tunnels.Enqueue(tunnel);
        await WriteAsync(client.GetStream(), "HTTP/1.1 200 Connection established\r\n\r\n", stopping);
        if (leftover.Length > 0)
        {
            await upstream.GetStream().WriteAsync(leftover, stopping);
            tunnel.CountUp(leftover.Length);
        }
        await Task.WhenAll(
            PumpAsync(client, upstream, tunnel.CountUp, stopping),
            PumpAsync(upstream, client, tunnel.CountDown, stopping));
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, Action<int> count, CancellationToken stopping)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.GetStream().ReadAsync(buffer, stopping)) > 0)
            {
                await to.GetStream().WriteAsync(buffer.AsMemory(0, read), stopping);
                count(read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side went away: the tunnel is over.
        }
        try { to.Client.Shutdown(SocketShutdown.Send); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private static async Task<byte[]> ForwardAsync(string method, Uri target, List<(string Name, string Value)> headers, byte[] body, CancellationToken stopping)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(target.Host == "localhost" ? "127.0.0.1" : target.Host, target.Port, stopping);
        var stream = upstream.GetStream();

        var request = new StringBuilder($"{method} {target.PathAndQuery} HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                continue;
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        request.Append("Via: 1.1 zoomusers-test-proxy\r\nConnection: close\r\n\r\n");
        await WriteAsync(stream, request.ToString(), stopping);
        if (body.Length > 0) await stream.WriteAsync(body, stopping);

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, stopping);
        return WithConnectionClose(answer.ToArray());
    }

    private static byte[] WithConnectionClose(byte[] response)
    {
        var text = Encoding.Latin1.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || text[..end].Contains("\r\nConnection: close", StringComparison.OrdinalIgnoreCase)) return response;
        return Encoding.Latin1.GetBytes(text[..end] + "\r\nConnection: close" + text[end..]);
    }

    private static async Task<(string RequestLine, List<(string Name, string Value)> Headers, byte[] Leftover)?> ReadHeadAsync(NetworkStream stream, CancellationToken stopping)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, stopping);
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

    private static async Task<byte[]> ReadBodyAsync(NetworkStream stream, List<(string Name, string Value)> headers, byte[] leftover, CancellationToken stopping)
    {
        var length = int.TryParse(Header(headers, "Content-Length"), out var n) ? n : 0;
        var body = new byte[length];
        var have = Math.Min(leftover.Length, length);
        Array.Copy(leftover, body, have);
        while (have < length)
        {
            var read = await stream.ReadAsync(body.AsMemory(have), stopping);
            if (read == 0) break;
            have += read;
        }
        return body;
    }

    private static string? Header(List<(string Name, string Value)> headers, string name) =>
        headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken stopping) =>
        stream.WriteAsync(Encoding.Latin1.GetBytes(text), stopping).AsTask();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <param name="RequestLine">As received, e.g. <c>CONNECT 127.0.0.1:1234 HTTP/1.1</c> or <c>PUT http://localhost:1234/v2/users/x/password HTTP/1.1</c>.</param>
/// <param name="ProxyAuthorization">The raw header, or null.</param>
/// <param name="Challenged">Answered 407 instead of served.</param>
public sealed record ProxiedRequest(string RequestLine, string? ProxyAuthorization, bool Challenged);
