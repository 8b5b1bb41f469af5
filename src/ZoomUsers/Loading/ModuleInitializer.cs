using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using ZoomUsers.Connection;

namespace ZoomUsers.Loading
{
    /// <summary>
    /// Makes the engine and its libraries load from the module's dependencies/ folder, in isolation
    /// from whatever Az, Microsoft.Graph or Exchange already loaded: a private AssemblyLoadContext
    /// on PowerShell 7, an AssemblyResolve handler on Windows PowerShell 5.1. Remove-Module undoes
    /// it: the session's connection is closed, and once no session holds the module any more the
    /// resolving handlers are unhooked (the assemblies themselves cannot be unloaded; a re-import
    /// hooks the same handlers, and the same load context, again).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static int _imports;

        internal static string DependencyDirectory { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

        private static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            lock (Gate)
            {
                // Every runspace that imports the module counts: the handlers serve the whole process.
                if (_imports++ > 0) return;
                if (IsNetFramework) FrameworkResolver.Register(DependencyDirectory);
                else RegisterLoadContext();
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // The runspace removing the module forgets its connection (and the token with it).
            ConnectionRegistry.Remove();
            lock (Gate)
            {
                if (_imports == 0 || --_imports > 0) return;
                if (IsNetFramework) FrameworkResolver.Unregister();
                else UnregisterLoadContext();
            }
        }

        // Kept out of OnImport and OnRemove so .NET Framework never JIT-compiles a reference to
        // ZoomUsers.LoadContext.dll (PowerShell 7 only: it needs System.Runtime.Loader). No type in this
        // assembly derives from or names its types, so reflecting over ZoomUsers.dll never loads it.
        private static void RegisterLoadContext() => LoadContextHooks.Register(DependencyDirectory);

        private static void UnregisterLoadContext() => LoadContextHooks.Unregister();
    }
}
