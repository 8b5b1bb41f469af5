using System;
using System.IO;
using System.Reflection;

namespace ZoomUsers.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 has one AppDomain and no load contexts: serve our dependencies/ folder
    /// through AssemblyResolve, which .NET Framework raises only for what it could not bind itself.
    /// Acting as the binding redirects a module cannot ship, it hands our copy to any request for
    /// the same or an older version made by our own assemblies.
    /// </summary>
    internal static class FrameworkResolver
    {
        private static string _directory = string.Empty;
        private static string _moduleFolder = string.Empty;

        public static void Register(string directory)
        {
            _directory = directory;
            _moduleFolder = Path.GetDirectoryName(directory) ?? directory;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public static void Unregister() => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            var path = Path.Combine(_directory, requested.Name + ".dll");
            if (!File.Exists(path)) return null;

            var requester = args.RequestingAssembly?.Location;
            if (!string.IsNullOrEmpty(requester) && !IsInside(_moduleFolder, requester!))
                return null; // another module's request: not ours to answer

            var ours = AssemblyName.GetAssemblyName(path);
            if (requested.Version != null && ours.Version < requested.Version) return null;
            return Assembly.LoadFrom(path);
        }

        /// <summary>
        /// Whether <paramref name="path"/> lies in <paramref name="folder"/> or below it. Compared up to a
        /// separator: a module at ...\ZoomUsers\0.1.0 must not answer for ...\ZoomUsers\0.1.0.1\x.dll.
        /// </summary>
        internal static bool IsInside(string folder, string path)
        {
            var prefix = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var normalized = path.Replace(Path.AltDirectorySeparatorChar, Path.DirectorySeparatorChar);
            return normalized.StartsWith(prefix.Replace(Path.AltDirectorySeparatorChar, Path.DirectorySeparatorChar), StringComparison.OrdinalIgnoreCase);
        }
    }
}
