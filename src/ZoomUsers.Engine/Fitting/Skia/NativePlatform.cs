using System;
using System.IO;
using System.Runtime.InteropServices;

namespace ZoomUsers.Fitting.Skia
{
    /// <summary>
    /// The one table of where SkiaSharp's native library is shipped: dependencies/native/&lt;folder&gt;/,
    /// one folder per operating system and process architecture (macOS's library is universal: x64 and
    /// arm64 in one file). Compiled into the engine (Windows PowerShell 5.1 loads the library by path,
    /// <see cref="SkiaNative"/>) and, as a linked file, into ZoomUsers.LoadContext (PowerShell 7's load
    /// context resolves it), so both pick the same file. Module.targets copies these folders.
    /// </summary>
    internal static class NativePlatform
    {
        /// <summary>What the module ships, for messages.</summary>
        public const string Shipped = "win-x64, win-arm64, linux-x64, linux-arm64 (glibc) and macOS (x64, arm64)";

        /// <summary>This process's folder under dependencies/native/, or null when none is shipped (32-bit processes, others).</summary>
        public static string? Folder => FolderFor(OperatingSystem, RuntimeInformation.ProcessArchitecture);

        /// <summary>The table: an operating system ("win", "linux", "osx") and architecture to its folder, or null.</summary>
        public static string? FolderFor(string os, Architecture architecture) => (os, architecture) switch
        {
            ("win", Architecture.X64) => "win-x64",
            ("win", Architecture.Arm64) => "win-arm64",
            ("linux", Architecture.X64) => "linux-x64",
            ("linux", Architecture.Arm64) => "linux-arm64",
            ("osx", Architecture.X64) => "osx",
            ("osx", Architecture.Arm64) => "osx",
            _ => null,
        };

        /// <summary>"win", "osx" or "linux" (anything else is treated as Linux: its file name is asked for).</summary>
        public static string OperatingSystem =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : "linux";

        /// <summary>This process's platform as a runtime identifier names it ("linux-arm64", "win-x86"), for messages.</summary>
        public static string Name => OperatingSystem + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        /// <summary>The library's file name on this operating system.</summary>
        public static string FileName => OperatingSystem switch
        {
            "win" => "libSkiaSharp.dll",
            "osx" => "libSkiaSharp.dylib",
            _ => "libSkiaSharp.so",
        };

        /// <summary>The library for this process under <paramref name="dependencies"/> (the folder the engine is in), or null when none is shipped for it.</summary>
        public static string? PathIn(string dependencies) =>
            Folder is string folder ? Path.Combine(Path.Combine(Path.Combine(dependencies, "native"), folder), FileName) : null;
    }
}
