using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ZoomUsers.Fitting.Skia
{
    /// <summary>
    /// SkiaSharp's native library (libSkiaSharp), shipped in dependencies/native/&lt;platform&gt;/
    /// (<see cref="NativePlatform"/>).
    /// On PowerShell 7 the module's load context resolves it (LoadUnmanagedDll). On Windows
    /// PowerShell 5.1 (.NET Framework) there is no load context: it is loaded here by full path
    /// before first use, after which SkiaSharp's P/Invokes find it by name. That load is
    /// process-wide: the library stays loaded in the process for its lifetime, and another module
    /// that P/Invokes a "libSkiaSharp" in the same process gets ours.
    /// </summary>
    internal static class SkiaNative
    {
        private static readonly object Gate = new object();
        private static bool _loaded;

        /// <summary>On .NET Framework only: loads the native library by full path, once.</summary>
        public static void EnsureLoaded()
        {
            if (_loaded || !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)) return;
            lock (Gate)
            {
                if (_loaded) return;
                var path = NativePlatform.PathIn(Dependencies)
                            ?? throw new DllNotFoundException($"The module ships no {NativePlatform.FileName} for {NativePlatform.Name}.");
                if (LoadLibraryW(path) == IntPtr.Zero)
                    throw new DllNotFoundException($"'{path}' could not be loaded (Windows error {Marshal.GetLastWin32Error()}).");
                _loaded = true;
            }
        }

        /// <summary>What a missing or unloadable native library throws on first use.</summary>
        public static bool IsUnavailable(Exception ex) =>
            ex is DllNotFoundException || ex is TypeInitializationException || ex is EntryPointNotFoundException || ex is BadImageFormatException;

        /// <summary>
        /// The row's message: the platform, the file looked for, and what still works. On PowerShell 7
        /// the runtime's own message names only the library, so the file is named here.
        /// </summary>
        public static string Explain(Exception ex)
        {
            var inner = ex;
            while (inner.InnerException != null) inner = inner.InnerException;
            var file = NativePlatform.PathIn(Dependencies) is string path
                ? $"its native library '{path}' is missing or could not be loaded ({inner.Message})"
                : $"the module ships its native library ({NativePlatform.FileName}) for {NativePlatform.Shipped} only ({inner.Message})";
            return $"-Fit cannot prepare pictures on {NativePlatform.Name} ({RuntimeInformation.OSDescription}): SkiaSharp's {file}. " +
                   "Pictures Zoom takes as they are still upload with -Fit; prepare this one first, or run where -Fit works.";
        }

        /// <summary>The module's dependencies/ folder: where the engine is.</summary>
        private static string Dependencies => Path.GetDirectoryName(typeof(SkiaNative).Assembly.Location) ?? ".";

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryW(string path);
    }
}
