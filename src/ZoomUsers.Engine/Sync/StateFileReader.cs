using System.IO;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// Reads and checks a state file and a journal into <see cref="PictureRecords"/>. A state file is
    /// only ever written whole, so any flaw is damage and refuses the whole file; a journal's torn
    /// last line is the append a crash cut, and is dropped.
    /// </summary>
    internal static class StateFileReader
    {
        /// <summary>Refuses a file whose first line is not the state header (a missing or empty file passes).</summary>
        public static void CheckHeader(string path)
        {
            if (!File.Exists(path)) return;
            foreach (var line in StateLines.Read(path))
            {
                CheckStateHeader(path, StateFileFormat.Parse(line.Text));
                return;
            }
        }

        /// <summary>Loads a whole state file (nothing when it is missing); throws when it is damaged or not ours.</summary>
        public static void Load(string path, PictureRecords into)
        {
            if (!File.Exists(path)) return;
            var ended = false;
            var records = 0;
            foreach (var line in StateLines.Read(path))
            {
                // Only ever written whole and newline-terminated: a line without its newline was cut.
                if (!line.Complete && line.Number > 1) throw StateErrors.Damaged(path, $"it ends in the middle of line {line.Number} (it was cut short)");
                var parsed = StateFileFormat.Parse(line.Text);
                if (line.Number == 1)
                {
                    CheckStateHeader(path, parsed);
                    continue;
                }
                if (ended) throw StateErrors.Damaged(path, $"line {line.Number} follows the end line");
                switch (parsed.Kind)
                {
                    case LineKind.Record:
                        into.Set(parsed.Account!, parsed.User!, parsed.Record);
                        records++;
                        break;
                    case LineKind.End:
                        if (parsed.Records != records) throw StateErrors.Damaged(path, $"its end line counts {parsed.Records:N0} records but {records:N0} precede it");
                        ended = true;
                        break;
                    default:
                        throw StateErrors.Damaged(path, $"line {line.Number} is not a valid record");
                }
            }
            // The file is only ever written whole, so no end line means it was cut short since.
            // An empty file (New-Item) holds nothing to lose and counts as new.
            if (!ended && new FileInfo(path).Length > 0) throw StateErrors.Damaged(path, "it ends before its end line (it was cut short)");
        }

        /// <summary>True when <paramref name="path"/> is a whole state file (not empty, not damaged).</summary>
        public static bool IsWhole(string path)
        {
            try
            {
                Load(path, new PictureRecords());
                return new FileInfo(path).Length > 0;
            }
            catch (StateFileException)
            {
                return false;
            }
        }

        /// <summary>Folds in a journal a run left (its records and forgets, in order); false when there is none.</summary>
        public static bool FoldJournal(string path, PictureRecords into)
        {
            if (!File.Exists(path)) return false;
            foreach (var line in StateLines.Read(path))
            {
                // A torn last line is the append a crash interrupted: that row was in flight, so drop it.
                if (!line.Complete) break;
                var parsed = StateFileFormat.Parse(line.Text);
                if (line.Number == 1)
                {
                    if (parsed.Kind != LineKind.Header || parsed.Format != StateFileFormat.JournalFormat)
                        throw StateErrors.NotOurs(path, "its first line is not the ZoomUsers picture state journal header");
                    CheckVersion(path, parsed.Version, StateFileFormat.JournalVersion);
                    continue;
                }
                // What a failed write left (a fragment, or a fragment glued to the next record): that
                // row is uploaded again, which costs one request; stopping the run would cost them all.
                if (parsed.Kind == LineKind.Record) into.Set(parsed.Account!, parsed.User!, parsed.Record);
                else if (parsed.Kind == LineKind.Forget) into.Remove(parsed.Account!, parsed.User!);
            }
            return true;
        }

        private static void CheckStateHeader(string path, ParsedLine header)
        {
            if (header.Kind != LineKind.Header || header.Format != StateFileFormat.StateFormat)
                throw StateErrors.NotOurs(path, header.Kind == LineKind.Header && header.Format == StateFileFormat.JournalFormat
                    ? "it is a journal, not a state file"
                    : "its first line is not the ZoomUsers picture state header");
            CheckVersion(path, header.Version, StateFileFormat.Version);
        }

        private static void CheckVersion(string path, int version, int newest)
        {
            if (version > newest) throw StateErrors.Newer(path, version, newest);
            if (version < 1) throw StateErrors.Damaged(path, "its header has no valid version");
        }
    }
}
