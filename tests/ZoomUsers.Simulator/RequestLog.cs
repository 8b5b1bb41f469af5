using System.Diagnostics;

namespace ZoomUsers.Simulator;

/// <summary>
/// Counters, recorded requests and the arrival times of accepted API requests. The arrival times are
/// kept even when recording is off because the benchmark asks MaxAcceptedInAnyWindow of 100k requests
/// without wanting 100k recorded rows.
/// </summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private List<RecordedRequest> _requests = new();
    private List<long> _acceptedArrivals = new();
    private List<long> _acceptedLight = new();
    private int _lightRequests;
    private long _sequence;
    private int _tokenRequests;
    private int _count429;
    private int _apiRequests;

    public int TokenRequestCount => Volatile.Read(ref _tokenRequests);
    public int Count429 => Volatile.Read(ref _count429);
    public int ApiRequestCount => Volatile.Read(ref _apiRequests);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);

    public void CountApiRequest() => Interlocked.Increment(ref _apiRequests);

    /// <param name="arrival">Stopwatch timestamp of the request's arrival.</param>
    public void Complete(bool isApi, RateLabel label, int status, long arrival, RecordedRequest? row)
    {
        if (status == 429)
            Interlocked.Increment(ref _count429);
        if (isApi && label == RateLabel.Light)
            Interlocked.Increment(ref _lightRequests);
        bool accepted = isApi && status != 429;
        if (!accepted && row is null)
            return;
        lock (_gate)
        {
            if (accepted)
                (label == RateLabel.Light ? _acceptedLight : _acceptedArrivals).Add(arrival);
            if (row is not null)
                _requests.Add(row);
        }
    }

    public RecordedRequest[] Snapshot()
    {
        RecordedRequest[] copy;
        lock (_gate)
            copy = _requests.ToArray();
        // Rows are appended when answered; sorting restores arrival order.
        Array.Sort(copy, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return copy;
    }

    /// <summary>Forgets recorded requests, accepted arrivals and counters (not limiter or token state).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests = new();
            _acceptedArrivals = new();
            _acceptedLight = new();
            Volatile.Write(ref _lightRequests, 0);
            Volatile.Write(ref _tokenRequests, 0);
            Volatile.Write(ref _count429, 0);
            Volatile.Write(ref _apiRequests, 0);
        }
    }

    public int ApiRequestsOf(RateLabel label) =>
        label == RateLabel.Light ? Volatile.Read(ref _lightRequests) : ApiRequestCount - Volatile.Read(ref _lightRequests);

    /// <summary>Over every label's accepted requests.</summary>
    public int MaxAcceptedInAnyWindow(TimeSpan window)
    {
        long[] arrivals;
        lock (_gate)
            arrivals = [.. _acceptedArrivals, .. _acceptedLight];
        return MaxInWindow(arrivals, window);
    }

    public int MaxAcceptedInAnyWindow(TimeSpan window, RateLabel label)
    {
        long[] arrivals;
        lock (_gate)
            arrivals = (label == RateLabel.Light ? _acceptedLight : _acceptedArrivals).ToArray();
        return MaxInWindow(arrivals, window);
    }

    private static int MaxInWindow(long[] arrivals, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
            return 0;
        if (arrivals.Length == 0)
            return 0;
        Array.Sort(arrivals);

        // Window [start, start + window): a request exactly one window later belongs to the next one.
        double width = window.TotalSeconds * Stopwatch.Frequency;
        int best = 0;
        for (int first = 0, last = 0; last < arrivals.Length; last++)
        {
            while (arrivals[last] - arrivals[first] >= width)
                first++;
            best = Math.Max(best, last - first + 1);
        }
        return best;
    }
}
