using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using SkiaSharp;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// Set-ZoomUserPicture -Fit: CPU per camera photo (reduced-size against full decode, in the same run),
/// peak working set with 100 camera photos in flight, and a Business run (60/s, 150 ms) of 3,000
/// rows where 5% need preparing against the same run without -Fit.
/// </summary>
internal static class FitRun
{
    private const int BusinessLimit = 60;

    public static async Task<List<string>> RunAsync(int cpuPhotos, int businessRows)
    {
        var misses = new List<string>();
        var folder = Directory.CreateTempSubdirectory("zoomusers-fit-bench").FullName;
        try
        {
            var camera = CameraJpeg();
            var cameraPath = Path.Combine(folder, "camera.jpg");
            File.WriteAllBytes(cameraPath, camera);
            using (var small = new SKBitmap(96, 96))
                File.WriteAllBytes(Path.Combine(folder, "small.jpg"), SKImage.FromBitmap(small).Encode(SKEncodedImageFormat.Jpeg, 90).ToArray());
            Console.WriteLine($"-Fit: a camera photo is a 4000 x 3000 JPEG of {camera.Length / 1048576.0:0.0} MB (noise and gradients, quality 92), prepared to JPEG 1024 x 768 q85.");

            if (cpuPhotos > 0 && Cpu(camera, cpuPhotos) is string cpuMiss) misses.Add(cpuMiss);
            if (cpuPhotos > 0) await MemoryAsync(cameraPath);
            if (businessRows > 0) misses.AddRange(await BusinessAsync(folder, cameraPath, businessRows));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        Console.WriteLine();
        return misses;
    }

    /// <summary>One thread, N photos each way: photos per CPU-second is photos per second per core.</summary>
    private static string? Cpu(byte[] camera, int photos)
    {
        var engine = EngineFromModule.Load();
        engine.Prepare(camera, reduced: true); // JIT and native load, outside the measurement
        engine.Prepare(camera, reduced: false);
        var reduced = Measure(() => engine.Prepare(camera, reduced: true), photos);
        var full = Measure(() => engine.Prepare(camera, reduced: false), photos);
        Console.WriteLine($"  CPU per photo, one thread, {photos} photos each: reduced-size decode {reduced * 1000:0} ms ({1 / reduced:0.0} photos/s per core), " +
                          $"full decode {full * 1000:0} ms ({1 / full:0.0} photos/s per core): reduced is {full / reduced:0.0}x faster");
        // Skia rounds a requested scale to the nearest it supports; a target just above a step once made every decode full size.
        return full / reduced < 1.5 ? $"-Fit: reduced-size decode is only {full / reduced:0.0}x faster than full (target >= 1.5x)" : null;

        static double Measure(Action prepare, int n)
        {
            var start = CpuTime();
            for (var i = 0; i < n; i++) prepare();
            return (CpuTime() - start).TotalSeconds / n;
        }
    }

    /// <summary>Process CPU time: the loop runs on one thread, and nothing else in the bench is busy meanwhile.</summary>
    private static TimeSpan CpuTime()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    private static async Task MemoryAsync(string cameraPath)
    {
        await using var sim = await ZoomSimulator.StartAsync(new SimulatorOptions { RecordRequests = false });
        using var module = new HostedModule(sim, 1000);
        module.Set("camera", cameraPath);
        const string Script = @"
            $n = $args[0]
            1..$n | ForEach-Object { [pscustomobject]@{ UserId = ""m$_@example.com""; Path = $camera } } |
                Set-ZoomUserPicture -Fit -ThrottleLimit 100 -ErrorAction SilentlyContinue | Where-Object Status -eq 'Succeeded' | Measure-Object | ForEach-Object Count";
        module.Run(Script, 8); // warm: Skia loaded, JIT done
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var sampler = new WorkingSetSampler();
        var before = sampler.Sample();
        var clock = Stopwatch.StartNew();
        var ok = (int)module.Run(Script, 100)[0].BaseObject;
        clock.Stop();
        var peak = sampler.Peak;
        Console.WriteLine($"  100 camera photos in flight (-Path rows, -ThrottleLimit 100, {Environment.ProcessorCount} decodes at once): {ok} succeeded in {clock.Elapsed.TotalSeconds:0.0} s; " +
                          $"working set before {before / 1048576.0:0} MB, peak {peak / 1048576.0:0} MB, growth {(peak - before) / 1048576.0:0} MB");
    }

    private static async Task<List<string>> BusinessAsync(string folder, string cameraPath, int rows)
    {
        var misses = new List<string>();
        var small = Path.Combine(folder, "small.jpg");
        (double OfLimit, double Cores) Run(bool fit)
        {
            var sim = ZoomSimulator.StartAsync(new SimulatorOptions
            {
                RateLimitPerSecond = BusinessLimit, Latency = TimeSpan.FromMilliseconds(150), RecordRequests = false,
            }).GetAwaiter().GetResult();
            try
            {
                using var module = new HostedModule(sim, null);
                module.Set("camera", cameraPath);
                module.Set("small", small);
                // Every 20th row a camera photo (5%): with -Fit it is prepared; without, the same row is a compliant photo.
                var script = $@"
                1..$args[0] | ForEach-Object {{ [pscustomobject]@{{ UserId = ""b$_@example.com""; Path = $(if ({(fit ? "$true" : "$false")} -and $_ % 20 -eq 0) {{ $camera }} else {{ $small }}) }} }} |
                    Set-ZoomUserPicture {(fit ? "-Fit" : "")} -ErrorAction SilentlyContinue | Where-Object Status -eq 'Succeeded' | Measure-Object | ForEach-Object Count";
                var cpu = CpuTime();
                var clock = Stopwatch.StartNew();
                var ok = (int)module.Run(script, rows)[0].BaseObject;
                clock.Stop();
                var cores = (CpuTime() - cpu).TotalSeconds / clock.Elapsed.TotalSeconds;
                if (ok != rows) misses.Add($"-Fit Business run ({(fit ? "with" : "without")} -Fit): {rows - ok} rows did not succeed");
                return (rows / clock.Elapsed.TotalSeconds / BusinessLimit, cores);
            }
            finally
            {
                sim.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        var without = Run(fit: false);
        var with = Run(fit: true);
        Console.WriteLine($"  Business (60/s, 150 ms, defaults), {rows:N0} rows: without -Fit {without.OfLimit:0.000} of the limit ({without.Cores:0.00} cores busy in this process); " +
                          $"with -Fit and 5% camera photos {with.OfLimit:0.000} of the limit ({with.Cores:0.00} cores busy; target >= 0.95; {Environment.ProcessorCount} cores, shared with the in-process simulator)");
        if (with.OfLimit < 0.95) misses.Add($"-Fit Business run: {with.OfLimit:0.000} of the limit (target >= 0.95)");
        await Task.CompletedTask;
        return misses;
    }

    /// <summary>4000 x 3000: gradients with noise, which compresses like a photo (not like pure noise).</summary>
    internal static byte[] CameraJpeg()
    {
        using var bitmap = new SKBitmap(4000, 3000, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[4000 * 3000 * 4];
        var random = new Random(7);
        for (var y = 0; y < 3000; y++)
            for (var x = 0; x < 4000; x++)
            {
                var i = (y * 4000 + x) * 4;
                var n = random.Next(48);
                pixels[i] = (byte)(x * 200 / 4000 + n);
                pixels[i + 1] = (byte)(y * 200 / 3000 + n);
                pixels[i + 2] = (byte)((x + y) * 100 / 7000 + n);
                pixels[i + 3] = 255;
            }
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 92).ToArray();
    }

    /// <summary>
    /// The engine as the module ships it (out/ZoomUsers/dependencies), in a load context of its own,
    /// so the bench times the module's own SkiaFitter without its DLLs sitting next to the bench.
    /// </summary>
    private sealed class EngineFromModule : AssemblyLoadContext
    {
        private readonly string _dependencies = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "dependencies");
        private MethodInfo _prepare = null!;
        private object _settings = null!;
        private object _fit = null!;
        private MethodInfo _read = null!;
        private Assembly _engine = null!;

        private EngineFromModule() : base("fit-bench") { }

        public static EngineFromModule Load()
        {
            var context = new EngineFromModule();
            var engine = context._engine = context.LoadFromAssemblyPath(Path.Combine(context._dependencies, "ZoomUsers.Engine.dll"));
            const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
            var settingsType = engine.GetType("ZoomUsers.Fitting.FitSettings", true)!;
            context._settings = Activator.CreateInstance(settingsType, Any, null, new object?[] { null, false }, null)!;
            var fitType = engine.GetType("ZoomUsers.Fitting.PictureFit", true)!;
            context._fit = Activator.CreateInstance(fitType, Any, null, new[] { context._settings }, null)!;
            context._read = fitType.GetMethod("ReadBytes", Any)!;
            context._prepare = engine.GetType("ZoomUsers.Fitting.Skia.SkiaFitter", true)!.GetMethod("Prepare", Any)!;
            return context;
        }

        public void Prepare(byte[] photo, bool reduced)
        {
            var checkedPicture = _read.Invoke(_fit, new object[] { photo, "bench" })!;
            var picture = checkedPicture.GetType().GetProperty("Value")!.GetValue(checkedPicture)!;
            var result = _prepare.Invoke(null, new[] { picture, _settings, reduced })!;
            if (result.GetType().GetProperty("Value")!.GetValue(result) == null) throw new InvalidOperationException("The bench photo did not prepare.");
        }

        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(_dependencies, name.Name + ".dll");
            return File.Exists(path) && name.Name != "System.Memory" && name.Name != "System.Buffers" && name.Name != "System.Runtime.CompilerServices.Unsafe" && name.Name != "System.Numerics.Vectors"
                ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>The module's own platform table (NativePlatform) says which file this process loads.</summary>
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var table = _engine.GetType("ZoomUsers.Fitting.Skia.NativePlatform", true)!;
            var path = (string?)table.GetMethod("PathIn", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, new object[] { _dependencies });
            return path != null && File.Exists(path) ? LoadUnmanagedDllFromPath(path) : base.LoadUnmanagedDll(unmanagedDllName);
        }
    }
}
