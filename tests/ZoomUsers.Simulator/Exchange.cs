using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ZoomUsers.Simulator;

internal enum Destination { NotFound, Api, Token, Picture }

/// <summary>
/// One request in flight: what arrived, the body once read (read at most once, shared by the endpoint
/// and the recording) and what was answered.
/// </summary>
internal sealed class Exchange
{
    private readonly CancellationToken _stopping;
    private byte[]? _body;
    private List<RecordedPart>? _parts;
    private bool _partsParsed;

    public Exchange(HttpContext http, long sequence, CancellationToken stopping)
    {
        Http = http;
        Sequence = sequence;
        Arrival = Stopwatch.GetTimestamp();
        Timestamp = DateTimeOffset.UtcNow;
        _stopping = stopping;
        TrackingId = "v=2.0;clid=us05;rid=" + Guid.NewGuid().ToString("N");

        var request = http.Request;
        // RawTarget keeps "%2F" and "%40" as sent; routing on it stops an escaped '/' from splitting the user id.
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
            raw = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        RawTarget = raw;
        int query = raw.IndexOf('?');
        RawPath = query < 0 ? raw : raw[..query];

        Destination = RawPath.Equals("/oauth/token", StringComparison.OrdinalIgnoreCase) ? Destination.Token
            : RawPath.Equals("/v2", StringComparison.OrdinalIgnoreCase) || RawPath.StartsWith("/v2/", StringComparison.OrdinalIgnoreCase) ? Destination.Api
            : RawPath.StartsWith(PictureHost.PathPrefix, StringComparison.Ordinal) ? Destination.Picture
            : Destination.NotFound;
    }

    public HttpContext Http { get; }
    public long Sequence { get; }
    public long Arrival { get; }
    public DateTimeOffset Timestamp { get; }
    public string TrackingId { get; }
    public string RawTarget { get; }
    public string RawPath { get; }
    public Destination Destination { get; }
    public bool IsApi => Destination == Destination.Api;

    /// <summary>The API route's rate-limit label, once known.</summary>
    public RateLabel Label { get; set; }

    /// <summary>Decoded user id once the API route is known.</summary>
    public string? UserId { get; set; }

    /// <summary>Status sent, 0 while unanswered or when dropped.</summary>
    public int Status { get; private set; }

    public bool ClientGone => Http.RequestAborted.IsCancellationRequested;

    public async ValueTask<byte[]> ReadBodyAsync()
    {
        if (_body is not null)
            return _body;
        var request = Http.Request;
        var token = Http.RequestAborted;
        if (request.ContentLength is long length and <= int.MaxValue)
        {
            var buffer = length == 0 ? [] : new byte[length];
            int read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token);
            return _body = read == buffer.Length ? buffer : buffer[..read];
        }
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, token);
        return _body = copy.ToArray();
    }

    /// <summary>Multipart parts, or null when the body is not (valid) multipart/form-data.</summary>
    public async ValueTask<List<RecordedPart>?> ReadPartsAsync()
    {
        if (_partsParsed)
            return _parts;
        var body = await ReadBodyAsync();
        _parts = await Multipart.TryParseAsync(Http.Request.ContentType, body);
        _partsParsed = true;
        return _parts;
    }

    /// <summary>Latency and stalls end early when the client gives up or the simulator stops.</summary>
    public async Task DelayAsync(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
            return;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(Http.RequestAborted, _stopping);
        await Task.Delay(delay, linked.Token);
    }

    public void AddHeader(string name, string value) => Http.Response.Headers[name] = value;

    public async Task SendAsync(Reply reply)
    {
        if (reply.IsDrop)
        {
            Drop();
            return;
        }
        var response = Http.Response;
        response.StatusCode = reply.Status;
        if (reply.ContentType is not null)
            response.ContentType = reply.ContentType;
        if (reply.Headers is { } headers)
            foreach (var (name, value) in headers)
                response.Headers[name] = value;
        if (reply.Status is not (204 or 304))
            response.ContentLength = reply.Body.Length;
        Status = reply.Status;
        if (reply.Body.Length > 0)
            await response.Body.WriteAsync(reply.Body, Http.RequestAborted);
    }

    public void Drop()
    {
        Status = 0;
        Http.Abort();
    }

    public async ValueTask<RecordedRequest> ToRecordAsync(bool withBodies)
    {
        var request = Http.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
            headers[name] = values.Count == 1 ? values[0] ?? "" : string.Join(", ", values.ToArray());

        byte[] body = [];
        IReadOnlyList<RecordedPart> parts = [];
        if (withBodies && _body is not null)
        {
            body = _body;
            if (Multipart.IsMultipartFormData(request.ContentType, out _))
                parts = await ReadPartsAsync() ?? (IReadOnlyList<RecordedPart>)[];
        }

        string path;
        try
        {
            path = Uri.UnescapeDataString(RawPath);
        }
        catch (UriFormatException)
        {
            path = RawPath;
        }

        return new RecordedRequest(Sequence, Timestamp, request.Method, RawTarget, path, UserId, headers,
            request.ContentType, body, parts, Status, TrackingId, request.IsHttps, Http.Connection.RemotePort);
    }
}
