using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;

namespace ZoomUsers.Loading
{
    /// <summary>
    /// Makes the engine and its libraries load from the module's dependencies/ folder, in isolation
    /// from whatever Az, Microsoft.Graph or Exchange already loaded: a private AssemblyLoadContext
    /// on PowerShell 7, an AssemblyResolve handler on Windows PowerShell 5.1.
    /// </summary>
    /// <remarks>
    /// There is no IModuleAssemblyCleanup counterpart: Windows PowerShell 5.1 lacks that interface,
    /// and a type implementing it would fail to load there. Remove-Module cannot unload an assembly
    /// anyway, so the hooks stay, and a re-import finds them in place.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static int s_registered;

        internal static string DependencyDirectory { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

        public void OnImport()
        {
            if (Interlocked.Exchange(ref s_registered, 1) == 1) return;
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
                FrameworkResolver.Register(DependencyDirectory);
            else
                RegisterLoadContext();
        }

        // Kept out of OnImport so .NET Framework never JIT-compiles a reference to AssemblyLoadContext.
        private static void RegisterLoadContext() => DependencyLoadContext.Register(DependencyDirectory);
    }
}
