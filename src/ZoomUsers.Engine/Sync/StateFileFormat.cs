using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// The picture state's on-disk form, version 1: UTF-8 JSON lines a person can read.
    /// <code>
    /// {"format":"ZoomUsers.PictureState","version":1,"written":"2026-05-01T02:00:00Z","about":"..."}
    /// {"account":"AbC123","user":"alice@contoso.com","sha256":"9f86d0...","uploaded":"2026-05-01T02:00:07Z"}
    /// {"end":true,"records":1}
    /// </code>
    /// The state file is only ever written whole (temp file, then rename), so a missing end line
    /// means damage, never a crash. Rows are appended to the journal (<c>&lt;state&gt;.journal</c>:
    /// the journal header, then record lines) and flushed one by one; there a torn last line is
    /// what a crash leaves and is dropped. Only a journal holds the line Remove-ZoomUserPicture
    /// writes to drop a record: <c>{"account":"AbC123","user":"alice@contoso.com","forgotten":"2026-05-02T09:00:00Z"}</c>.
    /// </summary>
    internal static class StateFileFormat
    {
        public const string StateFormat = "ZoomUsers.PictureState";
        public const string JournalFormat = "ZoomUsers.PictureStateJournal";
        public const int Version = 1;
        private const string About = "Set-ZoomUserPicture -StatePath: per Zoom account and user, the SHA-256 of the picture last uploaded and when (UTC). No secrets. See about_ZoomUsers.";

        public static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public static byte[] Header(string format, DateTimeOffset written) => Line(w =>
        {
            w.WriteString("format", format);
            w.WriteNumber("version", Version);
            w.WriteString("written", Timestamp(written));
            if (format == StateFormat) w.WriteString("about", About);
        });

        public static byte[] Record(string account, string user, PictureDigest digest, DateTimeOffset uploaded) => Line(w =>
        {
            w.WriteString("account", account);
            w.WriteString("user", user);
            w.WriteString("sha256", digest.ToString());
            w.WriteString("uploaded", Timestamp(uploaded));
        });

        public static byte[] Forget(string account, string user, DateTimeOffset forgotten) => Line(w =>
        {
            w.WriteString("account", account);
            w.WriteString("user", user);
            w.WriteString("forgotten", Timestamp(forgotten));
        });

        public static byte[] End(int records) => Line(w =>
        {
            w.WriteBoolean("end", true);
            w.WriteNumber("records", records);
        });

        public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>What one line says. Anything not well-formed is <see cref="LineKind.Invalid"/>.</summary>
        public static ParsedLine Parse(string line)
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return ParsedLine.Invalid;
                if (root.TryGetProperty("format", out var format))
                {
                    var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : -1;
                    return format.ValueKind == JsonValueKind.String
                        ? new ParsedLine(LineKind.Header, format.GetString(), version: version)
                        : ParsedLine.Invalid;
                }
                if (root.TryGetProperty("end", out var end))
                {
                    return end.ValueKind == JsonValueKind.True && root.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var count)
                        ? new ParsedLine(LineKind.End, null, records: count)
                        : ParsedLine.Invalid;
                }
                if (Text(root, "account") is string account && Text(root, "user") is string user && user.Length > 0
                    && PictureDigest.TryParse(Text(root, "sha256"), out var digest)
                    && DateTimeOffset.TryParseExact(Text(root, "uploaded"), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var uploaded))
                    return new ParsedLine(LineKind.Record, null, account: account, user: user, digest: digest, uploaded: uploaded);
                if (Text(root, "account") is string forAccount && Text(root, "user") is string forgotten && forgotten.Length > 0 && Text(root, "forgotten") != null)
                    return new ParsedLine(LineKind.Forget, null, account: forAccount, user: forgotten);
                return ParsedLine.Invalid;
            }
            catch (JsonException)
            {
                return ParsedLine.Invalid;
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static byte[] Line(Action<Utf8JsonWriter> body)
        {
            using var buffer = new MemoryStream(160);
            // Relaxed escaping keeps '@' and '+' in e-mail addresses readable; JSON stays valid.
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }
    }

    internal enum LineKind
    {
        Invalid,
        Header,
        Record,
        /// <summary>A journal's "drop this user's record" (Remove-ZoomUserPicture).</summary>
        Forget,
        End,
    }

    internal readonly struct ParsedLine
    {
        public static readonly ParsedLine Invalid = new ParsedLine(LineKind.Invalid, null);

        public ParsedLine(LineKind kind, string? format, int version = 0, int records = 0, string? account = null, string? user = null,
            PictureDigest digest = default, DateTimeOffset uploaded = default)
        {
            Kind = kind;
            Format = format;
            Version = version;
            Records = records;
            Account = account;
            User = user;
            Digest = digest;
            Uploaded = uploaded;
        }

        public LineKind Kind { get; }
        public string? Format { get; }
        public int Version { get; }
        public int Records { get; }
        public string? Account { get; }
        public string? User { get; }
        public PictureDigest Digest { get; }
        public DateTimeOffset Uploaded { get; }
    }
}
