using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace ZoomUsers.Http
{
    /// <summary>
    /// Zoom's error body <c>{"code":N,"message":"...","errors":[...]}</c>, read defensively: a proxy's
    /// HTML page, an empty body or broken JSON become a clear message, never an exception.
    /// </summary>
    internal sealed class ZoomErrorBody
    {
        private ZoomErrorBody(int? code, string? message, string? raw)
        {
            Code = code;
            Message = message;
            Raw = raw;
        }

        public int? Code { get; }
        /// <summary>Zoom's message as sent, with any field errors appended; or a description of what came instead.</summary>
        public string? Message { get; }
        public string? Raw { get; }

        public static async Task<ZoomErrorBody> ReadAsync(HttpResponseMessage response)
        {
            if (response.Content == null) return Describe(response, null, "an empty body");
            await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
            var raw = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(raw)) return Describe(response, raw, "an empty body");

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0 || raw.TrimStart().StartsWith("<", StringComparison.Ordinal))
                return Describe(response, raw, "an HTML page (a proxy or gateway error?) instead of Zoom's JSON");

            try
            {
                using var json = JsonDocument.Parse(raw);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return Describe(response, raw, "JSON that is not an object");

                int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : (int?)null;
                var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var fields = FieldErrors(root);
                if (fields != null) message = (message ?? "Validation failed.") + " " + fields;
                return new ZoomErrorBody(code, message ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} (no message from Zoom)", raw);
            }
            catch (JsonException)
            {
                return Describe(response, raw, "a body that is not valid JSON");
            }
        }

        private static string? FieldErrors(JsonElement root)
        {
            if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array) return null;
            var parts = errors.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Object)
                .Select(e => $"{Text(e, "field") ?? "?"}: {Text(e, "message") ?? "invalid"}")
                .ToList();
            if (parts.Count == 0) return null;
            var sb = new StringBuilder("(");
            sb.Append(string.Join("; ", parts));
            sb.Append(')');
            return sb.ToString();
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static ZoomErrorBody Describe(HttpResponseMessage response, string? raw, string what) =>
            new ZoomErrorBody(null, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: the answer was {what}.", raw);
    }
}
