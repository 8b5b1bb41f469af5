namespace ZoomUsers.Bench;

/// <summary>
/// A throughput scenario: Zoom's per-second limit and latency, the run's size and ThrottleLimit. The
/// client is connected with -RequestsPerSecond equal to the server's limit, as the README once advised.
/// </summary>
internal sealed record Scenario(string Name, double ServerLimit, TimeSpan Latency, int Rows, int ThrottleLimit, int RowsOneAtATime)
{
    /// <summary>What no client can beat: the server's limit, or ThrottleLimit requests per round trip.</summary>
    public double PhysicalBound => Latency <= TimeSpan.Zero ? ServerLimit : Math.Min(ServerLimit, ThrottleLimit / Latency.TotalSeconds);

    /// <summary>The same bound for one request at a time.</summary>
    public double OneAtATimeBound => Latency <= TimeSpan.Zero ? ServerLimit : Math.Min(ServerLimit, 1 / Latency.TotalSeconds);
}
