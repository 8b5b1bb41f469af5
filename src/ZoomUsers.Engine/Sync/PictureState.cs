using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ZoomUsers.Results;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// What Set-ZoomUserPicture -StatePath remembers: per Zoom account and user (both compared
    /// case-insensitively) the digest of the picture last uploaded successfully, and when.
    /// <para>
    /// Crash-safe: every recorded row is appended to a journal and flushed to disk before the call
    /// returns; the state file itself is only replaced whole (temp file, then rename). Opening
    /// merges a journal a crashed run left behind. One run at a time: a lock file opened with no
    /// sharing (honoured on Windows and by .NET on Linux and macOS) stops a second run at once.
    /// If the journal cannot be written (disk full, share gone) the run stops journaling and keeps
    /// its records in memory for the state file written at the end: a failed write may leave a
    /// partial line, and nothing may be appended after it.
    /// </para>
    /// Thread-safe: rows look up and record from worker threads.
    /// </summary>
    internal sealed class PictureState : IDisposable
    {
        private static readonly StringComparer KeyComparer = StringComparer.OrdinalIgnoreCase;

        private readonly object _gate = new object();
        private readonly Dictionary<string, Dictionary<string, Entry>> _accounts = new Dictionary<string, Dictionary<string, Entry>>(KeyComparer);
        private readonly Dictionary<string, Entry> _mine;
        private readonly string _account;
        private readonly FileStream? _lock;
        private FileStream? _journal;
        private bool _journalBroken;
        private bool _dirty;
        private bool _closed;
        private bool _released;

        private PictureState(string path, string account, FileStream? lockFile)
        {
            FilePath = path;
            _account = account;
            _lock = lockFile;
            _mine = Users(account);
        }

        /// <summary>The state file (absolute).</summary>
        public string FilePath { get; }
        public string JournalPath => FilePath + ".journal";
        public string LockPath => FilePath + ".lock";
        /// <summary>Where a save writes the new state before swapping it in.</summary>
        private string TempPath => FilePath + ".tmp";
        /// <summary>Where the swap puts the old state until it is done (Windows ReplaceFile can fail half-way and leave it there).</summary>
        private string BackupPath => FilePath + ".bak";

        /// <summary>Records held, every account included.</summary>
        public int Count
        {
            get { lock (_gate) return _accounts.Values.Sum(u => u.Count); }
        }

        /// <summary>
        /// Takes the file for this run: locks it, loads it (creating nothing yet) and folds in a
        /// journal left by a run that was stopped or crashed. Throws <see cref="StateFileException"/>
        /// when the file is damaged, not a state file, in use by another run, or unreachable.
        /// </summary>
        public static PictureState Open(string path, string account)
        {
            var full = Resolve(path);
            // Before the lock, so a file that is not ours gets no .lock next to it. The file is only
            // ever replaced whole, so this check never sees one half-written; Load checks it again
            // under the lock.
            CheckHeader(full);
            var lockFile = TakeLock(full);
            var state = new PictureState(full, account, lockFile);
            try
            {
                state.RecoverInterruptedSave();
                state.Load(full);
                if (state.LoadJournal()) state.Compact();
                return state;
            }
            catch
            {
                lockFile.Dispose();
                throw;
            }
        }

        /// <summary>For -WhatIf: reads the file and its journal, takes no lock, and never writes.</summary>
        public static PictureState OpenReadOnly(string path, string account)
        {
            var state = new PictureState(Resolve(path), account, null);
            // A save cut short is read where it lies: this run never writes, so it does not move it.
            state.Load(state.InterruptedSave() ?? state.FilePath);
            state.LoadJournal();
            state._closed = true; // nothing is ever recorded
            return state;
        }

        /// <summary>True when this user's last recorded upload had exactly these bytes.</summary>
        public bool TryGetUnchanged(string userId, PictureDigest digest, out DateTimeOffset uploadedOn)
        {
            lock (_gate)
            {
                if (_mine.TryGetValue(userId, out var entry) && entry.Digest == digest)
                {
                    uploadedOn = new DateTimeOffset(entry.UploadedTicks, TimeSpan.Zero);
                    return true;
                }
            }
            uploadedOn = default;
            return false;
        }

        /// <summary>
        /// Remembers a successful upload, on disk before it returns. False when the run has already
        /// closed the state (a row that finished after Ctrl+C): that row is uploaded again next time.
        /// </summary>
        public bool Record(string userId, PictureDigest digest, DateTimeOffset uploadedOn)
        {
            var line = StateFileFormat.Record(_account, userId, digest, uploadedOn);
            lock (_gate)
            {
                if (_closed) return false;
                if (!_journalBroken)
                {
                    try
                    {
                        if (_journal == null)
                        {
                            _journal = new FileStream(JournalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
                            Write(_journal, StateFileFormat.Header(StateFileFormat.JournalFormat, DateTimeOffset.UtcNow));
                        }
                        Write(_journal, line);
                        // Through the OS cache to the disk: a power cut must not lose a row Zoom has.
                        _journal.Flush(flushToDisk: true);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        // The failed write may have left part of this line: an append after it would
                        // glue a fragment to a record. So no more appends; this row is reported as not
                        // recorded (uploaded again next time) and later rows are kept in memory only.
                        _journalBroken = true;
                        DropJournal();
                        throw Unavailable(JournalPath, "could not be written; this run keeps the rest of its records in memory and writes them to the state file when it ends " +
                            "(if it is stopped before, they are uploaded again next time)", ex);
                    }
                }
                _mine[userId] = new Entry(digest, Truncate(uploadedOn));
                _dirty = true;
                return true;
            }
        }

        /// <summary>
        /// Drops this user's record (Remove-ZoomUserPicture -StatePath), so the next sync uploads the
        /// picture again. Gone from memory first, then journaled like a record: if the journal cannot
        /// be written, the state file this run writes at its end still lacks it. False when the run
        /// has already closed the state.
        /// </summary>
        public bool Forget(string userId, DateTimeOffset forgottenOn)
        {
            lock (_gate)
            {
                if (_closed) return false;
                if (!_mine.Remove(userId)) return true;
                _dirty = true;
                if (_journalBroken) return true;
                try
                {
                    _journal ??= new FileStream(JournalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
                    if (_journal.Length == 0) Write(_journal, StateFileFormat.Header(StateFileFormat.JournalFormat, DateTimeOffset.UtcNow));
                    Write(_journal, StateFileFormat.Forget(_account, userId, forgottenOn));
                    _journal.Flush(flushToDisk: true);
                    return true;
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // As in Record: no append after a failed one; the rest stays in memory.
                    _journalBroken = true;
                    DropJournal();
                    throw Unavailable(JournalPath, "could not be written; this run keeps the rest of its records in memory and writes them to the state file when it ends", ex);
                }
            }
        }

        /// <summary>
        /// Ends the run: writes the state file whole (created if missing), removes the journal and
        /// releases the lock. Idempotent. If the write fails the journal stays, and the next run
        /// folds it in.
        /// </summary>
        public void Close()
        {
            lock (_gate)
            {
                if (_lock == null || _released) return; // read-only, or closed already
                _closed = _released = true;
                try
                {
                    DropJournal();
                    if (_dirty || !File.Exists(FilePath)) Compact();
                }
                finally
                {
                    _lock.Dispose();
                }
            }
        }

        public void Dispose() => Close();

        private Dictionary<string, Entry> Users(string account)
        {
            if (!_accounts.TryGetValue(account, out var users))
                _accounts[account] = users = new Dictionary<string, Entry>(KeyComparer);
            return users;
        }

        private void DropJournal()
        {
            try
            {
                _journal?.Dispose();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Disposing flushes what a failed write left buffered, and fails the same way; the
                // records are in memory, and what reached the file is read tolerantly.
            }
            _journal = null;
        }

        private static string Resolve(string path)
        {
            var full = Path.GetFullPath(path);
            // Not "no file yet": a run would lock, journal and upload, and only fail at the end.
            if (Directory.Exists(full)) throw NotOurs(full, "it is a folder");
            return full;
        }

        /// <summary>Refuses a file whose first line is not the state header (a missing or empty file passes).</summary>
        private static void CheckHeader(string path)
        {
            if (!File.Exists(path)) return;
            foreach (var line in StateLines.Read(path))
            {
                CheckHeader(path, StateFileFormat.Parse(line.Text));
                return;
            }
        }

        private static void CheckHeader(string path, ParsedLine header)
        {
            if (header.Kind != LineKind.Header || header.Format != StateFileFormat.StateFormat)
                throw NotOurs(path, header.Kind == LineKind.Header && header.Format == StateFileFormat.JournalFormat
                    ? "it is a journal, not a state file"
                    : "its first line is not the ZoomUsers picture state header");
            CheckVersion(path, header.Version);
        }

        /// <summary>
        /// With the state file missing: a save that stopped half-way, which left the complete new
        /// state in the temp file or the old one under the backup name. Null when there is none.
        /// Throws when such a file is there but unreadable: starting empty would re-upload everything.
        /// </summary>
        private string? InterruptedSave()
        {
            if (File.Exists(FilePath)) return null;
            // The temp file is flushed whole before the swap, so a complete one is the newest state.
            if (File.Exists(TempPath) && IsComplete(TempPath)) return TempPath;
            if (File.Exists(BackupPath))
            {
                CheckHeader(BackupPath);
                return BackupPath; // Load reports it if damaged
            }
            // A temp file cut short with no backup: the save began when there was no state file yet
            // (the first run's), so no old state is hidden anywhere; the journal holds the rows.
            return null;
        }

        /// <summary>Under the lock: puts a state file left under the temp or backup name back in its place.</summary>
        private void RecoverInterruptedSave()
        {
            var source = InterruptedSave();
            if (source == null) return;
            LoadOnItsOwn(source); // a damaged one is refused where it lies, not moved
            try
            {
                File.Move(source, FilePath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Unavailable(FilePath, $"is missing, and its last save left it as '{source}', which could not be moved back", ex);
            }
        }

        private static void LoadOnItsOwn(string path) => new PictureState(path, string.Empty, null).Load(path);

        private static bool IsComplete(string path)
        {
            try
            {
                LoadOnItsOwn(path);
                return new FileInfo(path).Length > 0;
            }
            catch (StateFileException)
            {
                return false;
            }
        }

        private static FileStream TakeLock(string full)
        {
            try
            {
                return new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception ex) when (ex is DirectoryNotFoundException || ex is UnauthorizedAccessException || ex is PathTooLongException || ex is NotSupportedException)
            {
                throw Unavailable(full, "cannot be used", ex);
            }
            catch (IOException ex)
            {
                throw new StateFileException(ErrorIds.StateFileInUse, FailureCategory.ResourceBusy, full,
                    $"The state file '{full}' is in use by another run of Set-ZoomUserPicture (its lock file '{full}.lock' is held: {ex.Message}). " +
                    "Wait for that run to finish, or give this run its own -StatePath. Nothing was sent.", ex);
            }
        }

        private void Load(string path)
        {
            if (!File.Exists(path)) return;
            var ended = false;
            var records = 0;
            foreach (var line in StateLines.Read(path))
            {
                // Only ever written whole and newline-terminated: a line without its newline was cut.
                if (!line.Complete && line.Number > 1) throw Damaged(path, $"it ends in the middle of line {line.Number} (it was cut short)");
                var parsed = StateFileFormat.Parse(line.Text);
                if (line.Number == 1)
                {
                    CheckHeader(path, parsed);
                    continue;
                }
                if (ended) throw Damaged(path, $"line {line.Number} follows the end line");
                switch (parsed.Kind)
                {
                    case LineKind.Record:
                        Users(parsed.Account!)[parsed.User!] = new Entry(parsed.Digest, parsed.Uploaded.UtcTicks);
                        records++;
                        break;
                    case LineKind.End:
                        if (parsed.Records != records) throw Damaged(path, $"its end line counts {parsed.Records:N0} records but {records:N0} precede it");
                        ended = true;
                        break;
                    default:
                        throw Damaged(path, $"line {line.Number} is not a valid record");
                }
            }
            // The file is only ever written whole, so no end line means it was cut short since.
            // An empty file (New-Item) holds nothing to lose and counts as new.
            if (!ended && new FileInfo(path).Length > 0) throw Damaged(path, "it ends before its end line (it was cut short)");
        }

        /// <summary>Folds in the journal of a run that did not close; true when there was one.</summary>
        private bool LoadJournal()
        {
            var path = JournalPath;
            if (!File.Exists(path)) return false;
            foreach (var line in StateLines.Read(path))
            {
                // A torn last line is the append a crash interrupted: that row was in flight, so drop it.
                if (!line.Complete) break;
                var parsed = StateFileFormat.Parse(line.Text);
                if (line.Number == 1)
                {
                    if (parsed.Kind != LineKind.Header || parsed.Format != StateFileFormat.JournalFormat)
                        throw NotOurs(path, "its first line is not the ZoomUsers picture state journal header");
                    CheckVersion(path, parsed.Version);
                    continue;
                }
                // What a failed write left (a fragment, or a fragment glued to the next record): that
                // row is uploaded again, which costs one request; stopping the run would cost them all.
                if (parsed.Kind == LineKind.Forget) Users(parsed.Account!).Remove(parsed.User!);
                if (parsed.Kind != LineKind.Record) continue;
                Users(parsed.Account!)[parsed.User!] = new Entry(parsed.Digest, parsed.Uploaded.UtcTicks);
            }
            return true;
        }

        /// <summary>Writes every record to a temp file, flushes it to disk, then swaps it in and drops the journal.</summary>
        private void Compact()
        {
            var temp = TempPath;
            try
            {
                var count = 0;
                using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
                {
                    Write(file, StateFileFormat.Header(StateFileFormat.StateFormat, DateTimeOffset.UtcNow));
                    foreach (var account in _accounts.OrderBy(a => a.Key, StringComparer.Ordinal))
                        foreach (var user in account.Value.OrderBy(u => u.Key, StringComparer.Ordinal))
                        {
                            Write(file, StateFileFormat.Record(account.Key, user.Key, user.Value.Digest, new DateTimeOffset(user.Value.UploadedTicks, TimeSpan.Zero)));
                            count++;
                        }
                    Write(file, StateFileFormat.End(count));
                    file.Flush(flushToDisk: true);
                }
                if (File.Exists(FilePath))
                {
                    // With a backup name: a ReplaceFile that fails half-way (ERROR_UNABLE_TO_MOVE_REPLACEMENT_2)
                    // then leaves the old state under a name the next Open looks for, not a random one.
                    if (File.Exists(BackupPath)) File.Delete(BackupPath);
                    File.Replace(temp, FilePath, BackupPath, ignoreMetadataErrors: true);
                    DeleteQuietly(BackupPath);
                }
                else
                {
                    File.Move(temp, FilePath);
                }
                if (File.Exists(JournalPath)) File.Delete(JournalPath);
                _dirty = false;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Unavailable(FilePath, "could not be written (the rows recorded so far are kept in its journal)", ex);
            }
        }

        private static void DeleteQuietly(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The new state is in place; a stale backup is only ever read when the state file is missing.
            }
        }

        private static void CheckVersion(string path, int version)
        {
            if (version > StateFileFormat.Version)
                throw new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                    $"The state file '{path}' has format version {version}, written by a newer ZoomUsers; this one reads version {StateFileFormat.Version}. Update the module, or pass another -StatePath. Nothing was sent.");
            if (version < 1) throw Damaged(path, "its header has no valid version");
        }

        private static void Write(FileStream file, byte[] line) => file.Write(line, 0, line.Length);

        private static long Truncate(DateTimeOffset at) => at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond; // the file keeps whole seconds

        private static StateFileException Damaged(string path, string why) =>
            new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                $"The state file '{path}' is damaged: {why}. It was left as it is and nothing was sent. Restore it from a backup, " +
                "or delete it (the next run then uploads every picture again and records them anew), or pass another -StatePath.");

        private static StateFileException DamagedJournal(string path, string why) =>
            new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                $"The state journal '{path}' is damaged: {why}. It was left as it is and nothing was sent. Restore it from a backup, " +
                "or delete it (the rows it recorded since the last run that finished are then uploaded again).");

        internal static StateFileException NotOurs(string path, string why) =>
            new StateFileException(ErrorIds.StateFileInvalid, FailureCategory.InvalidData, path,
                $"The file '{path}' is not a ZoomUsers picture state file: {why}. It was left as it is and nothing was sent. " +
                "Give -StatePath the path of a state file, or of a file that does not exist yet (it is then created).");

        internal static StateFileException Unavailable(string path, string what, Exception ex) =>
            new StateFileException(ErrorIds.StateFileUnavailable, FailureCategory.ResourceUnavailable, path,
                $"The state file '{path}' {what}: {ex.Message}", ex);

        private readonly struct Entry
        {
            public Entry(PictureDigest digest, long uploadedTicks)
            {
                Digest = digest;
                UploadedTicks = uploadedTicks;
            }

            public PictureDigest Digest { get; }
            public long UploadedTicks { get; }
        }
    }
}
