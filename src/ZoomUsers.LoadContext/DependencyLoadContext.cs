using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ZoomUsers.Loading
{
    /// <summary>
    /// PowerShell 7: the module's private load context. The entry assembly (ZoomUsers.dll) lives in
    /// the default context; when it first needs ZoomUsers.Engine, the default context cannot find it
    /// and asks us, and from then on everything the engine references resolves here first.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private const string EngineName = "ZoomUsers.Engine";
        private static DependencyLoadContext? _instance;

        private readonly string _directory;
        private readonly string _runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        private readonly ConcurrentDictionary<string, bool> _runtimeHasIt = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, IntPtr> _nativeHandles = new ConcurrentDictionary<string, IntPtr>(StringComparer.Ordinal);

        private DependencyLoadContext(string directory) => _directory = directory;

        /// <summary>Once per process the context is made; a re-import after Remove-Module hooks the same one again, so the engine is never loaded twice.</summary>
        public static void Register(string directory)
        {
            _instance ??= new DependencyLoadContext(directory);
            Default.Resolving += ResolveEngine;
        }

        public static void Unregister() => Default.Resolving -= ResolveEngine;

        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
            string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase) ? _instance?.LoadFromAssemblyName(name) : null;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == null) return null;
            var path = Path.Combine(_directory, name.Name + ".dll");
            if (!File.Exists(path)) return null;

            // The runtime's own copy of a BCL back-port (System.Memory, System.Text.Json...) wins when it
            // is as new as ours: those types must be the runtime's, and it already has them.
            if (RuntimeProvides(name)) return null;
            return LoadFromAssemblyPath(path);
        }

        /// <summary>
        /// A P/Invoke from an assembly of this context (SkiaSharp's "libSkiaSharp", for -Fit): the
        /// library from dependencies/native/&lt;platform&gt;/, loaded once and its handle kept, or the
        /// runtime's usual search when we ship none for this platform.
        /// </summary>
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var handle = _nativeHandles.GetOrAdd(unmanagedDllName, name =>
            {
                var path = NativeLibraryPath(name);
                return path != null ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
            });
            return handle != IntPtr.Zero ? handle : base.LoadUnmanagedDll(unmanagedDllName);
        }

        /// <summary>Ours, when SkiaSharp asks for it by name (with or without prefix and extension) and this platform has one (the table: <see cref="Fitting.Skia.NativePlatform"/>).</summary>
        private string? NativeLibraryPath(string name)
        {
            var stem = Path.GetFileNameWithoutExtension(Fitting.Skia.NativePlatform.FileName);
            if (!string.Equals(name, stem, StringComparison.Ordinal) && !string.Equals(name, Fitting.Skia.NativePlatform.FileName, StringComparison.Ordinal)
                && !string.Equals("lib" + name, stem, StringComparison.Ordinal))
                return null;
            var path = Fitting.Skia.NativePlatform.PathIn(_directory);
            return path != null && File.Exists(path) ? path : null;
        }

        private bool RuntimeProvides(AssemblyName name) =>
            _runtimeHasIt.GetOrAdd(name.Name + "/" + name.Version, _ =>
            {
                var candidate = Path.Combine(_runtimeDirectory, name.Name + ".dll");
                if (!File.Exists(candidate)) return false;
                try
                {
                    return AssemblyName.GetAssemblyName(candidate).Version >= (name.Version ?? new Version(0, 0));
                }
                catch (BadImageFormatException)
                {
                    return false;
                }
            });
    }
}
