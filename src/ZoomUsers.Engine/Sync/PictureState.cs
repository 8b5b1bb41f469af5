using System;
using System.Collections.Generic;
using System.IO;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// What Set-ZoomUserPicture -StatePath remembers, for one run: per Zoom account and user the
    /// picture last uploaded (<see cref="PictureRecord"/>). It puts the parts together: the records
    /// in memory (<see cref="PictureRecords"/>), the lock (<see cref="StateLock"/>), the journal
    /// every change goes to first (<see cref="StateJournal"/>), the whole-file save
    /// (<see cref="AtomicFile"/>) and the reader (<see cref="StateFileReader"/>).
    /// <para>
    /// Opening locks the file, puts back a state file a save cut short left under another name,
    /// loads it, and folds in a journal a crashed run left (saving the result at once). Closing
    /// saves the file whole and deletes the journal. Between the two, every upload and forget is on
    /// disk in the journal before the call returns, so a power cut loses nothing Zoom has.
    /// </para>
    /// Thread-safe: rows look up and record from worker threads.
    /// </summary>
    internal sealed class PictureState : IDisposable
    {
        private readonly object _gate = new object();
        private readonly PictureRecords _records = new PictureRecords();
        private readonly Dictionary<string, PictureRecord> _mine;
        private readonly string _account;
        private readonly StateJournal _journal;
        /// <summary>Held while the run may write; null once closed, and always for a read-only state.</summary>
        private StateLock? _lock;
        /// <summary>Memory holds what the state file does not: saved at close.</summary>
        private bool _dirty;

        private PictureState(string path, string account, StateLock? held)
        {
            FilePath = path;
            _account = account;
            _lock = held;
            _journal = new StateJournal(path);
            _mine = _records.Account(account);
        }

        /// <summary>The state file (absolute).</summary>
        public string FilePath { get; }
        public string JournalPath => _journal.Path;
        public string LockPath => StateLock.PathFor(FilePath);

        /// <summary>Records held, every account included.</summary>
        public int Count
        {
            get { lock (_gate) return _records.Count; }
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
            StateFileReader.CheckHeader(full);
            var held = StateLock.Take(full);
            try
            {
                var state = new PictureState(full, account, held);
                state.PutBackInterruptedSave();
                StateFileReader.Load(full, state._records);
                if (StateFileReader.FoldJournal(state.JournalPath, state._records)) state.Save();
                return state;
            }
            catch
            {
                held.Dispose();
                throw;
            }
        }

        /// <summary>For -WhatIf: reads the file and its journal, takes no lock, and never writes.</summary>
        public static PictureState OpenReadOnly(string path, string account)
        {
            var state = new PictureState(Resolve(path), account, null);
            // A save cut short is read where it lies: this run never writes, so it does not move it.
            StateFileReader.Load(InterruptedSave(state.FilePath) ?? state.FilePath, state._records);
            StateFileReader.FoldJournal(state.JournalPath, state._records);
            return state;
        }

        /// <summary>
        /// The quick check: true when this user's record was made from this very file, same path, size
        /// and time, by a run with the same -Fit settings (<paramref name="fit"/>, null without -Fit).
        /// </summary>
        public bool TryGetUnchanged(string userId, FileStamp file, out DateTimeOffset uploadedOn, string? fit = null)
        {
            lock (_gate)
            {
                if (_mine.TryGetValue(userId, out var record) && file.Equals(record.File) && string.Equals(record.Preparation.Fit, fit, StringComparison.Ordinal))
                {
                    uploadedOn = record.Uploaded;
                    return true;
                }
            }
            uploadedOn = default;
            return false;
        }

        /// <summary>
        /// True when this user's last recorded upload had exactly these bytes, and this run would send
        /// what went up then (<see cref="Preparation.SendsWhat"/>; by default a run without -Fit).
        /// </summary>
        public bool TryGetUnchanged(string userId, PictureDigest digest, out DateTimeOffset uploadedOn, Preparation preparation = default)
        {
            lock (_gate)
            {
                if (_mine.TryGetValue(userId, out var record) && record.Digest == digest && preparation.SendsWhat(record.Preparation))
                {
                    uploadedOn = record.Uploaded;
                    return true;
                }
            }
            uploadedOn = default;
            return false;
        }

        /// <summary>
        /// Notes the stamp of a file read and found unchanged (touched, copied or moved), and the -Fit
        /// settings it was found unchanged under (a picture sent as it is, before and now), so the next
        /// run need not read it. Memory only, saved at close: not journaled, as the first night after
        /// an upgrade would then flush once per user, and a refresh a crash loses costs one read.
        /// </summary>
        /// <param name="file">The file's stamp, or null for bytes (only the settings are noted).</param>
        public void Refresh(string userId, PictureDigest digest, FileStamp? file, Preparation preparation = default)
        {
            lock (_gate)
            {
                if (_lock == null || !_mine.TryGetValue(userId, out var record) || record.Digest != digest || !preparation.SendsWhat(record.Preparation)) return;
                var refreshed = record.With(file, new Preparation(preparation.Fit, record.Preparation.Prepared));
                if (Equals(refreshed.File, record.File) && refreshed.Preparation.Equals(record.Preparation)) return;
                _mine[userId] = refreshed;
                _dirty = true;
            }
        }

        public bool Record(string userId, PictureDigest digest, DateTimeOffset uploadedOn) => Record(userId, digest, null, uploadedOn);

        /// <summary>
        /// Remembers a successful upload (with the file's stamp, or null for bytes), on disk before it
        /// returns. False when the run has already closed the state (a row that finished after
        /// Ctrl+C): that row is uploaded again next time.
        /// </summary>
        public bool Record(string userId, PictureDigest digest, FileStamp? file, DateTimeOffset uploadedOn, Preparation preparation = default)
        {
            var record = new PictureRecord(digest, uploadedOn, file, preparation);
            var line = StateFileFormat.Record(_account, userId, record);
            lock (_gate)
            {
                if (_lock == null) return false;
                _journal.Append(line);
                _mine[userId] = record;
                _dirty = true;
                return true;
            }
        }

        /// <summary>
        /// Drops this user's record, on disk (in the journal) before it returns, so the next run
        /// uploads the user's picture whatever it is. False when the state is read-only or closed.
        /// The record is dropped in memory first, so the state file written when the run ends lacks it
        /// whatever the journal does; throws <see cref="StateFileException"/> when the journal cannot be
        /// written (now, or by an earlier row), as the drop then lasts only if the run ends normally.
        /// </summary>
        public bool Forget(string userId)
        {
            var line = StateFileFormat.Forget(_account, userId);
            lock (_gate)
            {
                if (_lock == null) return false;
                _mine.Remove(userId);
                _dirty = true;
                _journal.Append(line);
                if (_journal.Broken) throw StateErrors.JournalBroken(JournalPath);
                return true;
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
                var held = _lock;
                if (held == null) return; // read-only, or closed already
                _lock = null;
                try
                {
                    _journal.Close();
                    if (_dirty || !File.Exists(FilePath)) Save();
                }
                finally
                {
                    held.Dispose();
                }
            }
        }

        public void Dispose() => Close();

        private static string Resolve(string path)
        {
            var full = Path.GetFullPath(path);
            // Not "no file yet": a run would lock, journal and upload, and only fail at the end.
            if (Directory.Exists(full)) throw StateErrors.NotOurs(full, "it is a folder");
            return full;
        }

        /// <summary>
        /// With the state file missing: the whole state a save cut short left under another name, or
        /// null. Throws when an older version's backup is there but is not a state file: starting
        /// empty would re-upload everything.
        /// </summary>
        private static string? InterruptedSave(string path)
        {
            var leftBehind = AtomicFile.LeftBehind(path);
            for (var i = 0; i < leftBehind.Length; i++)
            {
                var candidate = leftBehind[i];
                if (!File.Exists(candidate)) continue;
                // A temp file is flushed whole before any swap, so a whole one is the newest state; one
                // cut short with nothing else there is a first save that crashed (the journal holds its rows).
                if (candidate == AtomicFile.TempPath(path))
                {
                    if (StateFileReader.IsWhole(candidate)) return candidate;
                    continue;
                }
                StateFileReader.CheckHeader(candidate);
                return candidate; // Load reports it if damaged
            }
            return null;
        }

        /// <summary>Under the lock: puts a state file left under the temp or backup name back in its place.</summary>
        private void PutBackInterruptedSave()
        {
            var source = InterruptedSave(FilePath);
            if (source == null) return;
            StateFileReader.Load(source, new PictureRecords()); // a damaged one is refused where it lies, not moved
            try
            {
                AtomicFile.PutBack(source, FilePath);
            }
            catch (Exception ex) when (StateErrors.IsIO(ex))
            {
                throw StateErrors.Unavailable(FilePath, $"is missing, and its last save left it as '{source}', which could not be moved back", ex);
            }
        }

        /// <summary>Writes every record to the state file whole, then drops the journal its lines are now in.</summary>
        private void Save()
        {
            try
            {
                AtomicFile.Replace(FilePath, file =>
                {
                    var count = 0;
                    Write(file, StateFileFormat.Header(StateFileFormat.StateFormat, DateTimeOffset.UtcNow));
                    foreach (var entry in _records.InOrder())
                    {
                        Write(file, StateFileFormat.Record(entry.Account, entry.User, entry.Record));
                        count++;
                    }
                    Write(file, StateFileFormat.End(count));
                });
                _journal.Delete();
                _dirty = false;
            }
            catch (Exception ex) when (StateErrors.IsIO(ex))
            {
                throw StateErrors.Unavailable(FilePath, "could not be written (the rows recorded so far are kept in its journal)", ex);
            }
        }

        private static void Write(Stream file, byte[] line) => file.Write(line, 0, line.Length);
    }
}
