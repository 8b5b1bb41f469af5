using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ZoomUsers.Backup
{
    /// <summary>
    /// One user in a backup folder: who, and the picture they had before the first change recorded
    /// there (its file beside this record), or that they had none. Kept as <c>&lt;name&gt;.backup</c>, JSON.
    /// </summary>
    internal sealed class BackupRecord
    {
        public const string Extension = ".backup";

        public BackupRecord(string userId, string? id, string? pictureFile, DateTimeOffset savedAt)
        {
            UserId = userId;
            Id = id;
            PictureFile = pictureFile;
            SavedAt = savedAt;
        }

        /// <summary>The user's email (or the id the row named them by): what a restore sends to Zoom.</summary>
        public string UserId { get; }
        public string? Id { get; }
        /// <summary>The saved picture's file name in the folder; null when the user had no picture.</summary>
        public string? PictureFile { get; }
        public DateTimeOffset SavedAt { get; }
        public bool HadPicture => PictureFile != null;

        public void WriteTo(Stream stream)
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteString("userId", UserId);
            if (Id != null) json.WriteString("id", Id);
            if (PictureFile != null) json.WriteString("picture", PictureFile);
            else json.WriteNull("picture");
            json.WriteString("savedAt", SavedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        /// <summary>The record in <paramref name="path"/>, or null when it is not one (a partial or foreign file).</summary>
        public static BackupRecord? Read(string path)
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = json.RootElement;
                if (!root.TryGetProperty("userId", out var user) || user.ValueKind != JsonValueKind.String) return null;
                var picture = root.TryGetProperty("picture", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                var savedAt = root.TryGetProperty("savedAt", out var s) && s.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(s.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
                return new BackupRecord(user.GetString()!, id, picture, savedAt);
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
