using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// A state or journal file's lines, one at a time (100,000 users must not mean 100,000 strings
    /// held at once), each saying whether a newline ended it: only the last can lack one.
    /// </summary>
    internal static class StateLines
    {
        public static IEnumerable<StateLine> Read(string path)
        {
            FileStream file;
            try
            {
                // Shared for writing and deleting: a -WhatIf run reads while a real run appends.
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw StateErrors.Unavailable(path, "could not be read", ex);
            }
            using (file)
            {
                var lastTerminated = true;
                if (file.Length > 0)
                {
                    file.Seek(-1, SeekOrigin.End);
                    lastTerminated = file.ReadByte() == '\n';
                    file.Seek(0, SeekOrigin.Begin);
                }
                using var reader = new StreamReader(file, StateFileFormat.Utf8, detectEncodingFromByteOrderMarks: false);
                string? held = null;
                var number = 0;
                while (true)
                {
                    string? next;
                    try
                    {
                        next = reader.ReadLine();
                    }
                    catch (DecoderFallbackException)
                    {
                        throw StateErrors.NotOurs(path, $"line {number + 1} is not UTF-8 text");
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        throw StateErrors.Unavailable(path, "could not be read", ex);
                    }
                    if (held != null) yield return new StateLine(number, held, complete: next != null || lastTerminated);
                    if (next == null) yield break;
                    // A byte order mark: the file was re-saved by Notepad or 5.1's Set-Content -Encoding UTF8.
                    held = number == 0 && next.Length > 0 && next[0] == '\uFEFF' ? next.Substring(1) : next;
                    number++;
                }
            }
        }
    }

    internal readonly struct StateLine
    {
        public StateLine(int number, string text, bool complete)
        {
            Number = number;
            Text = text;
            Complete = complete;
        }

        /// <summary>1-based, as an editor shows it.</summary>
        public int Number { get; }
        public string Text { get; }
        /// <summary>False only for a last line no newline ended: an append cut short.</summary>
        public bool Complete { get; }
    }
}
