using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ZoomUsers.Tests.Transport;

/// <summary>
/// Accepts TCP connections on a loopback port and serves each on a task of its own until disposed:
/// the listening part the test proxy and the flawed TLS server share.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Task> _connections = new();
    private readonly Func<TcpClient, CancellationToken, Task> _serve;
    private readonly Task _accepting;

    /// <param name="serve">Serves one connection; the client is disposed when it returns. The token fires on dispose.</param>
    public LoopbackServer(Func<TcpClient, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>
    /// Waits until every connection so far is over on the server's side too: a client reports its
    /// failure before the server has finished noticing it.
    /// </summary>
    public Task SettleAsync() => Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(10));

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

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await _serve(client, _stopping.Token);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client gave up (a timeout test, a refused certificate, a stopped run): nothing to serve.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        try { await SettleAsync(); } catch (Exception) { }
        // _stopping is not disposed: a connection still winding down may read its token.
    }
}
