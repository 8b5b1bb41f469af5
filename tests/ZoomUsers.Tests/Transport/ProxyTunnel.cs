namespace ZoomUsers.Tests.Transport;

/// <summary>One <c>CONNECT</c> tunnel: where to, with which credentials, and what it carried (the proxy sees bytes, not requests).</summary>
public sealed class ProxyTunnel(string authority, string? proxyAuthorization, int upstreamPort)
{
    private long _up;
    private long _down;

    /// <summary><c>host:port</c> as the <c>CONNECT</c> named it.</summary>
    public string Authority { get; } = authority;
    public string? ProxyAuthorization { get; } = proxyAuthorization;

    /// <summary>The proxy's port toward the target: the simulator records it as the <c>RemotePort</c> of each request the tunnel carried.</summary>
    public int UpstreamPort { get; } = upstreamPort;

    /// <summary>Bytes from the client to the target (TLS records, so encrypted).</summary>
    public long BytesUp => Interlocked.Read(ref _up);
    public long BytesDown => Interlocked.Read(ref _down);

    internal void CountUp(int bytes) => Interlocked.Add(ref _up, bytes);
    internal void CountDown(int bytes) => Interlocked.Add(ref _down, bytes);

    public override string ToString() => $"CONNECT {Authority}: {BytesUp} bytes up, {BytesDown} down";
}
