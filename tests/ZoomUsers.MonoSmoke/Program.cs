using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security;
using System.Text.RegularExpressions;
using System.Threading;
using ZoomUsers.Connection;
using ZoomUsers.Validation;

namespace ZoomUsers.MonoSmoke
{
    /// <summary>
    /// Windows PowerShell 5.1's path through the module, on Mono's .NET Framework profile: ZoomUsers.dll
    /// loaded from the module folder with LoadFrom, the module's own AssemblyResolve handler
    /// (FrameworkResolver) hooked, then a token, a picture upload and a password change through the
    /// engine against the standalone simulator, with every library the engine needs served from
    /// dependencies/. Mono binds versions leniently and has its own HTTP stack: CONTRIBUTING.md says what this
    /// proves and what it does not.
    /// Usage: mono ZoomUsers.MonoSmoke.exe &lt;out/ZoomUsers&gt; "&lt;the simulator's Connect-Zoom line&gt;"
    /// </summary>
    internal static class Program
    {
        private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static;

        private static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: ZoomUsers.MonoSmoke.exe <module folder> \"<Connect-Zoom line>\"");
                return 2;
            }
            var module = Path.GetFullPath(args[0]);
            var dependencies = Path.Combine(module, "dependencies");
            var checks = new Checks();
            Console.WriteLine("Runtime: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);

            Assembly entry = null!;
            MethodInfo resolve = null!;
            checks.Run("ZoomUsers.dll loads from the module folder (LoadFrom, as Import-Module does)", () =>
            {
                entry = Assembly.LoadFrom(Path.Combine(module, "ZoomUsers.dll"));
                return null;
            });
            if (entry == null) return Finish(checks);

            checks.Run("reflecting over ZoomUsers.dll never needs System.Runtime.Loader (PowerShell 7's load context lives elsewhere)", () =>
            {
                try
                {
                    entry.GetTypes();
                    return null;
                }
                catch (ReflectionTypeLoadException ex)
                {
                    // System.Management.Automation is the host's and absent here; only the load context would be our fault.
                    var ours = ex.LoaderExceptions.Where(e => e != null && (e.Message.Contains("System.Runtime.Loader") || e.Message.Contains("AssemblyLoadContext"))).ToList();
                    return ours.Count == 0 ? null : ours[0]!.Message;
                }
            });

            var resolver = entry.GetType("ZoomUsers.Loading.FrameworkResolver", throwOnError: true)!;
            resolve = resolver.GetMethod("Resolve", Internal)!;
            var isInside = resolver.GetMethod("IsInside", Internal)!;
            checks.Run("the module's resolver registers (ModuleInitializer's 5.1 path)", () =>
            {
                resolver.GetMethod("Register", Internal)!.Invoke(null, new object[] { dependencies });
                return null;
            });
            // ZoomUsers.dll's cmdlets would ask for the engine; here this program does, so the request is passed on as theirs.
            AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
                new AssemblyName(e.Name).Name == "ZoomUsers.Engine" ? (Assembly?)resolve.Invoke(null, new object?[] { null, new ResolveEventArgs(e.Name, entry) }) : null;

            checks.Run("the resolver's folder check: a sibling version folder (0.1.0.1 beside 0.1.0) is not the module's", () =>
            {
                var folder = Path.Combine(Path.GetTempPath(), "Modules", "ZoomUsers", "0.1.0");
                bool Inside(string path) => (bool)isInside.Invoke(null, new object[] { folder, path })!;
                if (!Inside(Path.Combine(folder, "dependencies", "Polly.Core.dll"))) return "its own dependencies/ is not inside";
                if (!Inside(Path.Combine(folder + Path.DirectorySeparatorChar, "ZoomUsers.dll"))) return "a trailing separator breaks the check";
                if (Inside(Path.Combine(folder + ".1", "dependencies", "Polly.Core.dll"))) return "0.1.0.1's files count as 0.1.0's";
                if (Inside(folder + "-other.dll")) return "a file named like the folder counts as inside it";
                return null;
            });

            Assembly? Resolve(string name, Assembly? requester) => (Assembly?)resolve.Invoke(null, new object?[] { null, new ResolveEventArgs(name, requester) });
            checks.Run("the resolver serves the engine to ZoomUsers.dll from dependencies/", () =>
            {
                var engine = Resolve("ZoomUsers.Engine, Version=" + entry.GetName().Version + ", Culture=neutral, PublicKeyToken=null", entry);
                return engine != null && SameFile(engine.Location, Path.Combine(dependencies, "ZoomUsers.Engine.dll")) ? null : "got " + engine?.Location;
            });
            checks.Run("the resolver serves a newer shipped copy for an older version asked by our own assembly (System.Memory 4.0.1.2, as System.Text.Json 8 asks, -> the shipped 4.0.2.0)", () =>
            {
                var engine = Resolve("ZoomUsers.Engine", entry)!;
                var shipped = AssemblyName.GetAssemblyName(Path.Combine(dependencies, "System.Memory.dll")).Version;
                var memory = Resolve("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", engine);
                return memory != null && memory.GetName().Version == shipped && shipped > new Version(4, 0, 1, 2) ? null : "got " + memory?.GetName() + ", shipped " + shipped;
            });
            checks.Run("the resolver does not answer a request newer than what ships", () =>
                Resolve("System.Buffers, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", entry) == null ? null : "it served an older copy for a newer request");
            checks.Run("the resolver does not answer another module's request", () =>
                Resolve("Polly.Core, Version=8.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc", typeof(Program).Assembly) == null ? null : "it served a request from outside the module folder");

            var connect = Regex.Match(args[1], @"-AccountId (\S+) -ClientId (\S+) -ClientSecret \(ConvertTo-SecureString '([^']+)'.*-TokenUri (\S+) -ApiBaseUri (\S+)");
            if (!connect.Success)
            {
                checks.Run("the simulator's Connect-Zoom line is understood", () => "no match: " + args[1]);
                return Finish(checks);
            }
            RunEngine(checks, connect, dependencies);
            return Finish(checks);
        }

        /// <summary>Kept apart from Main: its engine types are bound when it is first called, after the resolver is hooked.</summary>
        private static void RunEngine(Checks checks, Match connect, string dependencies)
        {
            ZoomConnection? connection = null;
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            checks.Run("Connect: a token from the simulator through the engine (Server-to-Server OAuth)", () =>
            {
                var options = new ZoomConnectionOptions
                {
                    AccountId = connect.Groups[1].Value,
                    ClientId = connect.Groups[2].Value,
                    ClientSecret = Secure(connect.Groups[3].Value),
                    TokenUri = new Uri(connect.Groups[4].Value),
                    ApiBaseUri = new Uri(connect.Groups[5].Value),
                    PowerShellVersion = "Desktop 5.1 (Mono smoke)",
                };
                connection = ZoomConnection.ConnectAsync(options, cancel.Token).GetAwaiter().GetResult();
                return null;
            });
            if (connection == null) return;

            checks.Run("Set-ZoomUserPicture's path: a JPEG uploaded (multipart) and Zoom's answer read", () =>
            {
                var jpeg = new byte[2048];
                new Random(7).NextBytes(jpeg);
                jpeg[0] = 0xFF; jpeg[1] = 0xD8; jpeg[2] = 0xFF; jpeg[3] = 0xE0;
                var picture = Picture.FromBytes(jpeg, null, "ImageData");
                if (picture.Value == null) return "the picture was refused locally: " + picture.Failure?.Message;
                var result = connection.SetPictureAsync("mono@example.com", picture.Value, null, cancel.Token).GetAwaiter().GetResult();
                return result.Status == UpdateStatus.Succeeded ? null : $"{result.Status} {result.ErrorId}: {result.Message}";
            });

            checks.Run("Set-ZoomUserPicture's path for a file: streamed from disk into the request, and a file changed since its checks refused", () =>
            {
                var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "zoomusers-mono-" + Guid.NewGuid().ToString("N") + ".jpg");
                try
                {
                    var jpeg = new byte[300 * 1024];
                    new Random(8).NextBytes(jpeg);
                    jpeg[0] = 0xFF; jpeg[1] = 0xD8; jpeg[2] = 0xFF; jpeg[3] = 0xE0;
                    System.IO.File.WriteAllBytes(path, jpeg);
                    var picture = Picture.FromFile(path);
                    if (picture.Value == null) return "the picture file was refused locally: " + picture.Failure?.Message;
                    var sent = connection.SetPictureAsync("mono-file@example.com", picture.Value, null, cancel.Token).GetAwaiter().GetResult();
                    if (sent.Status != UpdateStatus.Succeeded) return $"streamed: {sent.Status} {sent.ErrorId}: {sent.Message}";
                    System.IO.File.WriteAllBytes(path, new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 });
                    var changed = connection.SetPictureAsync("mono-file@example.com", picture.Value, null, cancel.Token).GetAwaiter().GetResult();
                    return changed.ErrorId == ErrorIds.PictureChangedDuringRun ? null : $"changed file: {changed.Status} {changed.ErrorId}: {changed.Message}";
                }
                finally
                {
                    System.IO.File.Delete(path);
                }
            });

            checks.Run("Set-ZoomUserPassword's path: the account's rules read (System.Text.Json), the password checked and set", () =>
            {
                var rules = connection.GetPasswordRulesAsync(null, cancel.Token).GetAwaiter().GetResult();
                var body = PasswordRequest.Prepare(Secure("Blue7Heron!mono"), rules);
                if (body.Value == null) return "the password was refused locally: " + body.Failure?.Message;
                var result = connection.SetPasswordAsync("mono-" + Guid.NewGuid().ToString("N") + "@example.com", body.Value, null, cancel.Token).GetAwaiter().GetResult();
                return result.Status == UpdateStatus.Succeeded ? null : $"{result.Status} {result.ErrorId}: {result.Message}";
            });

            checks.Run("a proxy refusing the HTTPS tunnel (CONNECT 407) is ProxyAuthenticationRequired, once, then rows fail unsent (HttpWebRequest's stack, as on 5.1)", () =>
                RefusedTunnel(cancel.Token));
            checks.Run("-Fit's header reader (MetadataExtractor, which registers System.Text.Encoding.CodePages): a JPEG's size and EXIF orientation, no native code", () =>
            {
                var read = new Fitting.PictureFit(new Fitting.FitSettings(null, false)).ReadBytes(TurnedJpegHeader(), "ImageData");
                var plan = read.Value?.Plan;
                if (plan == null) return "refused: " + read.Failure?.Message;
                return plan.FormatName == "JPEG" && plan.Width == 3 && plan.Height == 2 && plan.Orientation == 6 && plan.NeedsPreparing
                    ? null : $"read {plan.FormatName} {plan.Width} x {plan.Height}, orientation {plan.Orientation}";
            });

            checks.Run("the engine's libraries came from dependencies/, not from anywhere else", () =>
            {
                string[] ours = { "ZoomUsers.Engine", "Polly.Core", "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection", "System.Text.Json", "System.Memory", "System.Buffers", "System.Runtime.CompilerServices.Unsafe", "Microsoft.Bcl.AsyncInterfaces", "Microsoft.Bcl.TimeProvider", "MetadataExtractor", "System.Text.Encoding.CodePages" };
                var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => ours.Contains(a.GetName().Name)).ToList();
                foreach (var a in loaded.OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
                    Console.WriteLine($"  loaded {a.GetName().Name} {a.GetName().Version} from {a.Location}");
                var missing = ours.Where(n => loaded.All(a => a.GetName().Name != n)).ToList();
                var elsewhere = loaded.Where(a => !SameFile(Path.GetDirectoryName(a.Location)!, dependencies)).Select(a => a.GetName().Name).ToList();
                if (elsewhere.Count > 0) return "loaded from elsewhere: " + string.Join(", ", elsewhere);
                return missing.Count == 0 ? null : "never loaded: " + string.Join(", ", missing);
            });
            connection.Dispose();
        }

        /// <summary>
        /// Mono's HttpClientHandler runs on HttpWebRequest, as .NET Framework's does: there a proxy's 407
        /// to the CONNECT comes back as a 407 response (found by experiment on Mono 6.8), not as the
        /// exception .NET 8+ throws. A non-loopback host, because HttpWebRequest never proxies loopback.
        /// </summary>
        private static string? RefusedTunnel(CancellationToken cancel)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var connects = 0;
            var proxy = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        using var client = listener.AcceptTcpClient();
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        while (stream.Read(buffer, 0, buffer.Length) > 0)
                        {
                            Interlocked.Increment(ref connects);
                            var refusal = System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"mono\"\r\nContent-Length: 0\r\n\r\n");
                            stream.Write(refusal, 0, refusal.Length);
                        }
                    }
                }
                catch (Exception) { } // the listener stopped
#pragma warning disable IDE0055 // The thread's setting follows its body on one line.
            }) { IsBackground = true };
#pragma warning restore IDE0055
            proxy.Start();
            try
            {
                var options = new ZoomConnectionOptions
                {
                    AccessToken = Secure("any-token"),
                    ApiBaseUri = new Uri("https://zoom.example.test/v2"),
                    Proxy = new Uri("http://127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port + "/"),
                    ProxyCredential = new System.Net.NetworkCredential("proxy-user", "wrong-password"),
                };
                using var connection = ZoomConnection.ConnectAsync(options, cancel).GetAwaiter().GetResult();
                var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };
                var picture = Picture.FromBytes(jpeg, null, "ImageData").Value!;
                var first = connection.SetPictureAsync("a@example.com", picture, null, cancel).GetAwaiter().GetResult();
                var second = connection.SetPictureAsync("b@example.com", picture, null, cancel).GetAwaiter().GetResult();
                if (first.ErrorId != "ProxyAuthenticationRequired" || first.Attempts != 1) return $"first row: {first.ErrorId} after {first.Attempts} attempt(s): {first.Message}";
                if (second.ErrorId != "ProxyAuthenticationRequired" || second.Attempts != 0) return $"second row: {second.ErrorId} after {second.Attempts} attempt(s): {second.Message}";
                Console.WriteLine($"  {Volatile.Read(ref connects)} CONNECT(s); first row: {first.Message}");
                return null;
            }
            finally
            {
                listener.Stop();
            }
        }
        /// <summary>A JPEG's headers up to its image data: EXIF orientation 6 (APP1), a 3 x 2 frame (SOF0), the scan start.</summary>
        private static byte[] TurnedJpegHeader() => new byte[]
        {
            0xFF, 0xD8,
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
            0xFF, 0xC0, 0x00, 0x0B, 8, 0x00, 0x02, 0x00, 0x03, 1, 1, 0x11, 0,
            0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0,
            0x00, 0x00, 0xFF, 0xD9,
        };

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        private static bool SameFile(string a, string b) =>
            string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

        private static int Finish(Checks checks)
        {
            Console.WriteLine(checks.Totals);
            return checks.Failed == 0 && checks.Passed > 0 ? 0 : 1;
        }
    }
}
