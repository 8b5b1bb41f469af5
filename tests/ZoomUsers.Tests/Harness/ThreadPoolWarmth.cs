using System.Runtime.CompilerServices;

namespace ZoomUsers.Tests.Harness;

/// <summary>
/// The simulator runs in this process and stamps each request's arrival when Kestrel gets to it. On a
/// 2-core machine the thread pool starts with two threads and adds more only slowly when they are
/// busy (PowerShell pipelines, xUnit, the module's workers), so arrivals that were seconds apart on
/// the wire could be stamped together, and a test counting requests per second would measure the
/// pool, not the client. Enough threads from the start keep the instrument honest.
/// </summary>
internal static class ThreadPoolWarmth
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
