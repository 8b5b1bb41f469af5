namespace ZoomUsers.Simulator;

/// <summary>
/// One request as the simulator saw it, recorded after its answer was decided so
/// <see cref="StatusCode"/> is the final one.
/// </summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(
        long sequence,
        DateTimeOffset timestamp,
        string method,
        string rawTarget,
        string path,
        string? userId,
        IReadOnlyDictionary<string, string> headers,
        string? contentType,
        byte[] body,
        IReadOnlyList<RecordedPart> parts,
        int statusCode,
        string? trackingId,
        bool overTls,
        int remotePort)
    {
        OverTls = overTls;
        RemotePort = remotePort;
        Sequence = sequence;
        Timestamp = timestamp;
        Method = method;
        RawTarget = rawTarget;
        Path = path;
        UserId = userId;
        Headers = headers;
        ContentType = contentType;
        Body = body;
        Parts = parts;
        StatusCode = statusCode;
        TrackingId = trackingId;
    }

    /// <summary>Arrival time.</summary>
    public DateTimeOffset Timestamp { get; }

    public string Method { get; }

    /// <summary>Path and query exactly as on the request line, not decoded: shows how the client escaped the user id.</summary>
    public string RawTarget { get; }

    /// <summary>Fully decoded path (an escaped '/' becomes '/').</summary>
    public string Path { get; }

    /// <summary>Decoded {userId} segment of /v2/users/{userId}/...; null otherwise.</summary>
    public string? UserId { get; }

    /// <summary>Case-insensitive; repeated headers joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? ContentType { get; }

    /// <summary>Empty when <see cref="SimulatorOptions.RecordBodies"/> is false.</summary>
    public byte[] Body { get; }

    /// <summary>Parts of a multipart/form-data body; empty otherwise or when bodies are not recorded.</summary>
    public IReadOnlyList<RecordedPart> Parts { get; }

    /// <summary>What the simulator answered; 0 when the connection was dropped (by either side).</summary>
    public int StatusCode { get; }

    /// <summary>The x-zm-trackingid sent back.</summary>
    public string? TrackingId { get; }

    /// <summary>Came over HTTPS.</summary>
    public bool OverTls { get; }

    /// <summary>The client side's port: which connection (or which proxy tunnel) carried the request.</summary>
    public int RemotePort { get; }

    // Arrival order: requests finish out of order, the snapshot is sorted on this.
    internal long Sequence { get; }

    public override string ToString() => $"{Method} {RawTarget} -> {StatusCode}";
}

public sealed record RecordedPart(string Name, string? FileName, string? ContentType, byte[] Data);
