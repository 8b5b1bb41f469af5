using System;
using System.Collections.Generic;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// Resolves an absolute picture path through its folder, which PowerShell resolves once per run:
    /// that folder's provider path joined with the file name. PowerShell's own resolution reads the
    /// mount table on every call on Linux, which was most of the time of a night where 20,000 rows were
    /// unchanged; a CSV's rows mostly share one folder. A relative path (it follows Set-Location), a
    /// drive-relative one, and anything unusual get null: the caller resolves the whole path as usual.
    /// </summary>
    internal sealed class FolderResolutionCache
    {
        private const int MostFolders = 1024; // a list spread over more folders gains nothing from caching
        private static readonly char[] FolderSeparators = { '/', '\\' };

        private readonly Func<string, string?> _resolveFolder;
        private readonly Dictionary<string, string> _known = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <param name="resolveFolder">PowerShell's resolution of a folder to a file-system path, or null when it is not one.</param>
        public FolderResolutionCache(Func<string, string?> resolveFolder) => _resolveFolder = resolveFolder;

        public string? TryResolve(string path)
        {
            var cut = path.LastIndexOfAny(FolderSeparators);
            // A backtick is PowerShell's escape: left to PowerShell.
            if (cut <= 0 || !IsAbsolute(path) || path.IndexOf('`') >= 0) return null;
            var name = path.Substring(cut + 1);
            if (name.Length == 0 || name == "." || name == "..") return null;
            var folder = path.Substring(0, cut);
            if (!_known.TryGetValue(folder, out var resolved))
            {
                if (_resolveFolder(folder) is not string found) return null;
                if (_known.Count >= MostFolders) _known.Clear();
                _known[folder] = resolved = found;
            }
            return System.IO.Path.Combine(resolved, name);
        }

        /// <summary>
        /// Rooted on its own, whatever the location: \\server\share\x, C:\x, or /x where / is the root
        /// (Linux, macOS). Not C:x nor, on Windows, \x: both follow the current drive's location.
        /// </summary>
        private static bool IsAbsolute(string path) =>
            (path.Length > 1 && (path[0] == '\\' || path[0] == '/') && (path[1] == '\\' || path[1] == '/')) ||
            (path.Length > 2 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/')) ||
            (path[0] == '/' && System.IO.Path.DirectorySeparatorChar == '/');
    }
}
