using System.Diagnostics;

namespace ZoomUsers.Bench;

/// <summary>The process's peak working set while it runs, sampled every 20 ms (the OS's own peak counter cannot be reset).</summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _peak;

    public WorkingSetSampler()
    {
        _peak = Sample();
#pragma warning disable IDE0055 // The thread's settings follow its body on one line.
        _thread = new Thread(() =>
        {
            while (!_stop.Token.WaitHandle.WaitOne(20))
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), Sample()));
        }) { IsBackground = true, Name = "working-set sampler" };
#pragma warning restore IDE0055
        _thread.Start();
    }

    public long Peak => Interlocked.Read(ref _peak);

    public long Sample()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _process.Dispose();
    }
}
