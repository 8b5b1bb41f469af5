using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// The append-only journal beside the state file (<c>&lt;state&gt;.journal</c>): every change a
    /// run makes is a line appended and flushed to disk before the caller goes on, so a run that is
    /// killed loses nothing Zoom has. Created on the first append, with its folder flushed so the
    /// journal's name survives a power cut too (SQLite fsyncs the folder after creating its journal
    /// for the same reason). Folded into the state file and deleted when the run ends; a journal
    /// that is still there was left by a crash, and the next run folds it in.
    /// <para>
    /// If a write fails (disk full, share gone), the journal is broken for the rest of the run: the
    /// failed write may have left part of a line, and an append after it would glue a fragment to a
    /// record. Later appends are then skipped, and the caller keeps its changes in memory.
    /// </para>
    /// Not thread-safe: <see cref="PictureState"/> guards it.
    /// </summary>
    [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
        Justification = "Its owner ends it with Close (the file stays, to be folded in) or Delete (after the fold); a Dispose would have to pick one of the two.")]
    internal sealed class StateJournal
    {
        private FileStream? _file;

        public StateJournal(string statePath) => Path = PathFor(statePath);

        public static string PathFor(string statePath) => statePath + ".journal";

        public string Path { get; }

        /// <summary>True once a write failed: nothing more is appended this run.</summary>
        public bool Broken { get; private set; }

        /// <summary>Appends one line, on disk before it returns; nothing when <see cref="Broken"/>. Throws <see cref="StateFileException"/> when the write fails.</summary>
        public void Append(byte[] line)
        {
            if (Broken) return;
            try
            {
                if (_file == null)
                {
                    _file = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
                    Write(StateFileFormat.Header(StateFileFormat.JournalFormat, DateTimeOffset.UtcNow));
                    _file.Flush(flushToDisk: true);
                    DirectorySync.FlushFolderOf(Path);
                }
                Write(line);
                _file.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (StateErrors.IsIO(ex))
            {
                Broken = true;
                Close();
                throw StateErrors.Unavailable(Path, "could not be written; this run keeps the rest of its records in memory and writes them to the state file when it ends " +
                    "(if it is stopped before, they are uploaded again next time)", ex);
            }
        }

        /// <summary>Lets go of the file, keeping it: what it holds is folded in by whoever saves next.</summary>
        public void Close()
        {
            try
            {
                _file?.Dispose();
            }
            catch (Exception ex) when (StateErrors.IsIO(ex))
            {
                // Disposing flushes what a failed write left buffered, and fails the same way; the
                // records are in memory, and what reached the file is read tolerantly.
            }
            _file = null;
        }

        /// <summary>After its lines are safely in the state file. A delete a power cut undoes only folds the same lines in again.</summary>
        public void Delete()
        {
            Close();
            if (File.Exists(Path)) File.Delete(Path);
        }

        private void Write(byte[] line) => _file!.Write(line, 0, line.Length);
    }
}
