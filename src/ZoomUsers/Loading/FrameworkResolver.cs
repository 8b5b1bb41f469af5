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
        private static string s_directory = string.Empty;

        public static void Register(string directory)
        {
            s_directory = directory;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public static void Unregister() => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            var path = Path.Combine(s_directory, requested.Name + ".dll");
            if (!File.Exists(path)) return null;

            var requester = args.RequestingAssembly?.Location;
            if (!string.IsNullOrEmpty(requester) &&
                !requester!.StartsWith(Path.GetDirectoryName(s_directory) ?? s_directory, StringComparison.OrdinalIgnoreCase))
                return null; // another module's request: not ours to answer

            var ours = AssemblyName.GetAssemblyName(path);
            if (requested.Version != null && ours.Version < requested.Version) return null;
            return Assembly.LoadFrom(path);
        }
    }
}
