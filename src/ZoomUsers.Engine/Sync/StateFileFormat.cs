using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// The picture state's on-disk form: UTF-8 JSON lines a person can read.
    /// <code>
    /// {"format":"ZoomUsers.PictureState","version":1,"written":"2026-05-01T02:00:00Z","about":"..."}
    /// {"account":"AbC123","user":"alice@contoso.com","sha256":"9f86d0...","uploaded":"2026-05-01T02:00:07Z","path":"D:\\photos\\alice.jpg","size":301544,"modified":"2026-04-30T17:12:03.1234567Z"}
    /// {"end":true,"records":1}
    /// </code>
    /// <c>path</c>, <c>size</c> and <c>modified</c> (the quick check's <see cref="FileStamp"/>) are
    /// optional and added within version 1, as are <c>fit</c> (the run's -Fit settings, say
    /// <c>"-Fit -MaxDimension 512"</c>) and <c>prepared</c> (true when -Fit made the JPEG that went up),
    /// absent for a picture sent as it is by a run without -Fit: a reader ignores fields it does not know, so an older
    /// ZoomUsers reads such a file correctly (it hashes every picture, as it always did), and a
    /// record without them is read and hashed once, then stamped. The version changes only when an
    /// older reader would misread a file.
    /// The state file is only ever written whole (<see cref="AtomicFile"/>), so a missing end line
    /// means damage, never a crash. The journal (<see cref="StateJournal"/>) has its own header,
    /// then record lines and forget lines (<c>{"account":..,"user":..,"forget":true}</c>), appended
    /// and flushed one by one; there a torn last line is what a crash leaves and is dropped. The
    /// journal is version 2 since forget lines exist: an older reader, which would skip them, refuses it.
    /// </summary>
    internal static class StateFileFormat
    {
        public const string StateFormat = "ZoomUsers.PictureState";
        public const string JournalFormat = "ZoomUsers.PictureStateJournal";
        /// <summary>The state file's version, and the newest this code reads.</summary>
        public const int Version = 1;
        /// <summary>The journal's version (2: forget lines); 1 and 2 are read.</summary>
        public const int JournalVersion = 2;
        private const string About = "Set-ZoomUserPicture -StatePath: per Zoom account and user, the SHA-256 of the picture last uploaded and when (UTC). No secrets. See about_ZoomUsers.";

        public static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public static byte[] Header(string format, DateTimeOffset written) => Line(w =>
        {
            w.WriteString("format", format);
            w.WriteNumber("version", format == JournalFormat ? JournalVersion : Version);
            w.WriteString("written", Timestamp(written));
            if (format == StateFormat) w.WriteString("about", About);
        });

        public static byte[] Record(string account, string user, PictureDigest digest, DateTimeOffset uploaded) =>
            Record(account, user, new PictureRecord(digest, uploaded, null));

        public static byte[] Record(string account, string user, PictureRecord record) => Line(w =>
        {
            w.WriteString("account", account);
            w.WriteString("user", user);
            w.WriteString("sha256", record.Digest.ToString());
            w.WriteString("uploaded", Timestamp(record.Uploaded));
            if (record.File is FileStamp file)
            {
                w.WriteString("path", file.Path);
                w.WriteNumber("size", file.Size);
                w.WriteString("modified", file.LastWriteUtc.ToString(ModifiedFormat, CultureInfo.InvariantCulture));
            }
            if (record.Preparation.Fit is string fit) w.WriteString("fit", fit);
            if (record.Preparation.Prepared) w.WriteBoolean("prepared", true);
        });

        /// <summary>A journal line that drops a user's record (Remove-ZoomUserPicture, say).</summary>
        public static byte[] Forget(string account, string user) => Line(w =>
        {
            w.WriteString("account", account);
            w.WriteString("user", user);
            w.WriteBoolean("forget", true);
        });

        public static byte[] End(int records) => Line(w =>
        {
            w.WriteBoolean("end", true);
            w.WriteNumber("records", records);
        });

        // To the tick: the quick check compares the time exactly as the file system gave it.
        private const string ModifiedFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

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
                if (!(Text(root, "account") is string account && Text(root, "user") is string user && user.Length > 0))
                    return ParsedLine.Invalid;
                if (root.TryGetProperty("forget", out var forget))
                    return forget.ValueKind == JsonValueKind.True ? new ParsedLine(LineKind.Forget, null, account: account, user: user) : ParsedLine.Invalid;
                if (PictureDigest.TryParse(Text(root, "sha256"), out var digest)
                    && DateTimeOffset.TryParseExact(Text(root, "uploaded"), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var uploaded)
                    && TryParseFile(root, out var file)
                    && TryParsePreparation(root, out var preparation))
                    return new ParsedLine(LineKind.Record, null, account: account, user: user, record: new PictureRecord(digest, uploaded, file, preparation));
                return ParsedLine.Invalid;
            }
            catch (JsonException)
            {
                return ParsedLine.Invalid;
            }
        }

        /// <summary>The optional file stamp: all three fields or none; anything else is not a valid record.</summary>
        private static bool TryParseFile(JsonElement root, out FileStamp? file)
        {
            file = null;
            var path = Text(root, "path");
            var hasSize = root.TryGetProperty("size", out var size);
            var modified = Text(root, "modified");
            if (path == null && !hasSize && modified == null) return true;
            if (path == null || path.Length == 0 || !hasSize || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var length) || length < 0
                || !DateTime.TryParseExact(modified, ModifiedFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
                return false;
            file = new FileStamp(path, length, at.Ticks);
            return true;
        }

        /// <summary>The optional -Fit settings and prepared flag; absent, a picture sent as it is without -Fit.</summary>
        private static bool TryParsePreparation(JsonElement root, out Preparation preparation)
        {
            preparation = Preparation.AsItIs;
            var hasFit = root.TryGetProperty("fit", out var fit);
            var hasPrepared = root.TryGetProperty("prepared", out var prepared);
            if ((hasFit && fit.ValueKind != JsonValueKind.String) || (hasPrepared && prepared.ValueKind != JsonValueKind.True && prepared.ValueKind != JsonValueKind.False))
                return false;
            preparation = new Preparation(hasFit ? fit.GetString() : null, hasPrepared && prepared.ValueKind == JsonValueKind.True);
            return true;
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
        /// <summary>A journal line dropping a user's record.</summary>
        Forget,
        End,
    }

    internal readonly struct ParsedLine
    {
        public static readonly ParsedLine Invalid = new ParsedLine(LineKind.Invalid, null);

        public ParsedLine(LineKind kind, string? format, int version = 0, int records = 0, string? account = null, string? user = null,
            PictureRecord record = default)
        {
            Kind = kind;
            Format = format;
            Version = version;
            Records = records;
            Account = account;
            User = user;
            Record = record;
        }

        public LineKind Kind { get; }
        public string? Format { get; }
        public int Version { get; }
        public int Records { get; }
        public string? Account { get; }
        public string? User { get; }
        public PictureRecord Record { get; }
    }
}
