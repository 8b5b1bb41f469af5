namespace ZoomUsers.Tests.Harness;

/// <summary>
/// For the tests that count requests per second at the simulator (<c>MaxAcceptedInAnyWindow</c>) and
/// nothing else. The simulator runs in this process and stamps each request's arrival when Kestrel gets
/// to it. On a 2-core machine the thread pool starts with two threads and adds more only slowly when
/// they are busy (PowerShell pipelines, xUnit, the module's workers), so arrivals that were seconds
/// apart on the wire could be stamped together, and such a count would measure the pool, not the
/// client (-RequestsPerSecond 7 was once counted as 9 in one second). Those tests call
/// <see cref="Ensure"/>; every other end-to-end test runs on the pool as a user's session has it, so
/// module work that starves the pool (a -Fit decode on a pool thread, say) shows there. The setting is
/// process-wide and only raises the floor, once.
/// </summary>
internal static class ThreadPoolWarmth
{
    private static int _done;

    public static void Ensure()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
