using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZoomUsers.Simulator;

/// <summary>
/// An answer decided but not yet sent. Endpoints return one instead of writing to the response so that
/// an after-apply fault can still replace it, and so the recording sees the final status.
/// </summary>
internal readonly struct Reply
{
    public Reply(int status, byte[] body, string? contentType, KeyValuePair<string, string>[]? headers = null)
    {
        Status = status;
        Body = body;
        ContentType = contentType;
        Headers = headers;
    }

    /// <summary>0 means: abort the connection without answering.</summary>
    public int Status { get; }

    public byte[] Body { get; }

    public string? ContentType { get; }

    public KeyValuePair<string, string>[]? Headers { get; }

    public bool IsDrop => Status == 0;
}

/// <summary>Zoom's answers. Fixed ones are built once: they are the bulk of a benchmark's traffic.</summary>
internal static class Replies
{
    public const string JsonType = "application/json";

    public static readonly Reply Drop = new(0, [], null);
    public static readonly Reply NoContent = new(204, [], null);
    public static readonly Reply Created = new(201, [], null);
    public static readonly Reply NotFound = Error(404, 404, "Not found");
    public static readonly Reply TokenInvalid = Error(401, 124, "Invalid access token.");
    public static readonly Reply TokenExpired = Error(401, 124, "Access token is expired.");
    public static readonly Reply Internal500 = Error(500, 500, "Internal error");
    public static readonly Reply Unavailable503 = Error(503, 503, "Service unavailable");
    public static readonly Reply EmptyBody500 = new(500, [], null);
    public static readonly Reply EmptyBody400 = new(400, [], null);
    public static readonly Reply InvalidJson400 = new(400, "{\"code\":30"u8.ToArray(), JsonType);
    public static readonly Reply InvalidBody = Error(400, 300, "Request Body should be a valid JSON object.");

    public static readonly Reply ErrorsArray400 = new(400, ZoomJson.Write(static w =>
    {
        w.WriteNumber("code", 300);
        w.WriteString("message", "Validation Failed.");
        w.WriteStartArray("errors");
        w.WriteStartObject();
        w.WriteString("field", "password");
        w.WriteString("message", "Invalid field.");
        w.WriteEndObject();
        w.WriteEndArray();
    }), JsonType);

    public static readonly Reply Html502 = new(502, Encoding.ASCII.GetBytes(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
        "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"),
        "text/html");

    public static readonly Reply InvalidClient = OAuthError(401, "Invalid client_id or client_secret", "invalid_client");
    public static readonly Reply UnsupportedGrant = OAuthError(400, "Unsupported grant type", "unsupported_grant_type");
    public static readonly Reply InvalidAccount = OAuthError(400, "Invalid account_id", "invalid_request");

    private static readonly byte[] Qps429Body = ZoomJson.Error(429,
        "You have reached the maximum per-second rate limit for this API. Try again later.");
    private static readonly byte[] Daily429Body = ZoomJson.Error(429,
        "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.");

    // Used in daily 429 headers when a test scripts one without configuring a daily limit: a Free
    // plan's Medium limit. A scripted per-second 429 without a configured limit names none: a
    // made-up limit would cap the client's pace in tests about retries.
    private const int FallbackDaily = 2000;

    public static Reply Error(int status, int code, string message) => new(status, ZoomJson.Error(code, message), JsonType);

    public static Reply Error(int status, (int Code, string Message) error) => Error(status, error.Code, error.Message);

    public static Reply UserDoesNotExist(string userId) => Error(404, 1001, $"User does not exist: {userId}.");

    public static Reply Qps429(double? perSecond, bool retryAfter, bool rateHeaders, RateLabel label = RateLabel.Medium)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (rateHeaders)
        {
            headers.AddRange([new("X-RateLimit-Category", label.ToString()), new("X-RateLimit-Type", "QPS")]);
            if (perSecond is double limit)
                headers.AddRange([new("X-RateLimit-Limit", RateLimiter.Format(limit)), new("X-RateLimit-Remaining", "0")]);
        }
        if (retryAfter) headers.Add(new("Retry-After", "1"));
        return new(429, Qps429Body, JsonType, [.. headers]);
    }

    /// <summary>Without headers only the message tells a daily refusal from a per-second one.</summary>
    public static Reply Daily429(int? dailyLimit, bool withHeaders = true)
    {
        if (!withHeaders) return new(429, Daily429Body, JsonType);
        var nextMidnight = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        KeyValuePair<string, string>[] headers =
        [
            new("X-RateLimit-Category", "Medium"),
            new("X-RateLimit-Type", "Daily-limit"),
            new("X-RateLimit-Limit", RateLimiter.Format(dailyLimit ?? FallbackDaily)),
            new("X-RateLimit-Remaining", "0"),
            new("Retry-After", nextMidnight),
        ];
        return new(429, Daily429Body, JsonType, headers);
    }

    public static Reply Json(int status, byte[] body) => new(status, body, JsonType);

    private static Reply OAuthError(int status, string reason, string error) => new(status, ZoomJson.Write(w =>
    {
        w.WriteString("reason", reason);
        w.WriteString("error", error);
    }), JsonType);
}

/// <summary>Small JSON bodies written directly, without reflection-based serialisation.</summary>
internal static class ZoomJson
{
    // Zoom does not escape '+', '<' or '\'' in messages; neither should user ids echoed in errors.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Error(int code, string message) => Write(w =>
    {
        w.WriteNumber("code", code);
        w.WriteString("message", message);
    });

    public static byte[] Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
