using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using ZoomUsers.Sync;

namespace ZoomUsers.Backup
{
    /// <summary>
    /// The folder -BackupPath names: per user, a record (<see cref="BackupRecord"/>) and, when they had
    /// one, their picture file. Every file is written whole (<see cref="AtomicFile"/>), the picture before
    /// its record, so a crash leaves no record a restore would take for a backup. The first backup of a
    /// user wins: one already recorded is never saved again. Safe from worker threads: rows of one user
    /// never run at once (BulkRunner), and each user has files of their own.
    /// </summary>
    internal sealed class BackupFolder
    {
        public BackupFolder(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>Creates the folder when missing.</summary>
        public void Create() => Directory.CreateDirectory(Path);

        /// <summary>A file-name stem for the user, the same whichever case or spelling the email is given in.</summary>
        public static string NameFor(string email)
        {
            var lower = email.Trim().ToLowerInvariant();
            var safe = new StringBuilder(lower.Length);
            foreach (var c in lower)
                safe.Append(char.IsLetterOrDigit(c) && c < 128 || c == '@' || c == '.' || c == '-' || c == '_' ? c : '_');
            var stem = safe.ToString().Trim('.');
            if (stem == lower && stem.Length is > 0 and <= 120) return stem;
            // Changed or long: a hash keeps two users apart that would map to the same name.
            // IncrementalHash, as PictureDigest: SHA256.Create() throws under the FIPS policy on older .NET Framework.
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(Encoding.UTF8.GetBytes(lower));
            var hash = sha.GetHashAndReset();
            var tail = string.Concat(hash.Take(6).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            return (stem.Length > 100 ? stem.Substring(0, 100) : stem) + "-" + tail;
        }

        public string RecordPath(string name) => System.IO.Path.Combine(Path, name + BackupRecord.Extension);

        public bool Has(string name) => File.Exists(RecordPath(name));

        /// <summary>Writes the picture file whole through <paramref name="write"/>, then its record. An exception leaves no record.</summary>
        public void SavePicture(string name, string userId, string? id, string extension, Action<Stream> write, DateTimeOffset now)
        {
            var file = name + extension;
            AtomicFile.Replace(System.IO.Path.Combine(Path, file), write);
            AtomicFile.Replace(RecordPath(name), new BackupRecord(userId, id, file, now).WriteTo);
        }

        /// <summary>Records that the user had no picture.</summary>
        public void SaveNone(string name, string userId, string? id, DateTimeOffset now) =>
            AtomicFile.Replace(RecordPath(name), new BackupRecord(userId, id, null, now).WriteTo);

        /// <summary>Every whole record in the folder, in file-name order.</summary>
        public IEnumerable<(BackupRecord Record, string PicturePath)> Records()
        {
            foreach (var path in Directory.EnumerateFiles(Path, "*" + BackupRecord.Extension).OrderBy(p => p, StringComparer.Ordinal))
            {
                if (BackupRecord.Read(path) is BackupRecord record)
                    yield return (record, record.PictureFile != null ? System.IO.Path.Combine(Path, record.PictureFile) : string.Empty);
            }
        }
    }
}
