using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ZoomUsers.Fitting.Skia
{
    /// <summary>
    /// SkiaSharp's native library (libSkiaSharp), shipped in dependencies/native/&lt;platform&gt;/.
    /// On PowerShell 7 the module's load context resolves it (LoadUnmanagedDll). On Windows
    /// PowerShell 5.1 (.NET Framework) there is no load context: it is loaded here by full path
    /// before first use, after which SkiaSharp's P/Invokes find it by name. That load is
    /// process-wide: the library stays loaded in the process for its lifetime, and another module
    /// that P/Invokes a "libSkiaSharp" in the same process gets ours.
    /// </summary>
    internal static class SkiaNative
    {
        private static readonly object Gate = new object();
        private static bool s_loaded;

        /// <summary>The folder under dependencies/native/ for this process, or null for a platform not shipped.</summary>
        public static string? Platform
        {
            get
            {
                var arch = RuntimeInformation.ProcessArchitecture;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return arch == Architecture.X64 ? "win-x64" : null;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return arch == Architecture.X64 ? "linux-x64" : null;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return arch == Architecture.X64 || arch == Architecture.Arm64 ? "osx" : null;
                return null;
            }
        }

        public static string FileName =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "libSkiaSharp.dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libSkiaSharp.dylib"
            : "libSkiaSharp.so";

        /// <summary>On .NET Framework only: loads the native library by full path, once.</summary>
        public static void EnsureLoaded()
        {
            if (s_loaded || !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)) return;
            lock (Gate)
            {
                if (s_loaded) return;
                var folder = Path.GetDirectoryName(typeof(SkiaNative).Assembly.Location) ?? ".";
                var path = Path.Combine(Path.Combine(Path.Combine(folder, "native"), Platform ?? "unsupported"), FileName);
                if (LoadLibraryW(path) == IntPtr.Zero)
                    throw new DllNotFoundException($"'{path}' could not be loaded (Windows error {Marshal.GetLastWin32Error()}).");
                s_loaded = true;
            }
        }

        /// <summary>What a missing or unloadable native library throws on first use.</summary>
        public static bool IsUnavailable(Exception ex) =>
            ex is DllNotFoundException || ex is TypeInitializationException || ex is EntryPointNotFoundException || ex is BadImageFormatException;

        public static string Explain(Exception ex)
        {
            var inner = ex;
            while (inner.InnerException != null) inner = inner.InnerException;
            return $"-Fit needs SkiaSharp's native library, which the module ships for win-x64, linux-x64 and macOS; it could not be loaded on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}): {inner.Message} Run without -Fit, or prepare the picture first.";
        }

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryW(string path);
    }
}
