namespace ZoomUsers.Simulator;

/// <summary>
/// Random faults on API endpoints (never the token endpoint), each a probability per request.
/// At most one fault hits a request; the probabilities are taken in the order the properties are declared.
/// </summary>
public sealed class RandomFaults
{
    private const long NoSeed = long.MinValue;

    private readonly Lock _gate = new();
    private Random? _random;
    private long _randomSeed = NoSeed;

    private long _status500;
    private long _status503;
    private long _drop;
    private long _stall;
    private long _stallDurationTicks = TimeSpan.FromSeconds(30).Ticks;
    private long _rateLimitBurst;
    private volatile bool _faultsMayLand = true;
    private long _seed = NoSeed;

    /// <summary>500 {"code":500,"message":"Internal error"}.</summary>
    public double Status500 { get => Get(ref _status500); set => Set(ref _status500, value); }

    /// <summary>503 {"code":503,"message":"Service unavailable"}.</summary>
    public double Status503 { get => Get(ref _status503); set => Set(ref _status503, value); }

    /// <summary>Abort the connection with no response.</summary>
    public double Drop { get => Get(ref _drop); set => Set(ref _drop, value); }

    /// <summary>Wait <see cref="StallDuration"/> (or until the client gives up), then answer normally.</summary>
    public double Stall { get => Get(ref _stall); set => Set(ref _stall, value); }

    public TimeSpan StallDuration
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _stallDurationTicks));
        set => Volatile.Write(ref _stallDurationTicks, value.Ticks);
    }

    /// <summary>A per-second 429 shaped like the real limiter's, without the limiter being involved.</summary>
    public double RateLimitBurst { get => Get(ref _rateLimitBurst); set => Set(ref _rateLimitBurst, value); }

    /// <summary>
    /// When true, half of the Drop/Stall/503 faults happen after the change was applied: the user's
    /// password or picture really changed, then the client sees the fault.
    /// </summary>
    public bool FaultsMayLand { get => _faultsMayLand; set => _faultsMayLand = value; }

    /// <summary>Deterministic random sequence when set.</summary>
    public int? Seed
    {
        get
        {
            var v = Volatile.Read(ref _seed);
            return v == NoSeed ? null : (int)v;
        }
        set => Volatile.Write(ref _seed, value ?? NoSeed);
    }

    internal FaultPlan Roll()
    {
        double p500 = Status500, p503 = Status503, pDrop = Drop, pStall = Stall, pBurst = RateLimitBurst;
        // The common case (no random faults) must not touch the lock.
        if (p500 <= 0 && p503 <= 0 && pDrop <= 0 && pStall <= 0 && pBurst <= 0)
            return FaultPlan.None;

        double pick, land;
        lock (_gate)
        {
            var random = CurrentRandom();
            pick = random.NextDouble();
            // Always drawn so a seeded run consumes the same sequence whatever the first draw picked.
            land = random.NextDouble();
        }

        bool after = FaultsMayLand && land < 0.5;
        if ((pick -= Math.Max(p500, 0)) < 0) return new(FaultAction.Status500, false);
        if ((pick -= Math.Max(p503, 0)) < 0) return new(FaultAction.Status503, after);
        if ((pick -= Math.Max(pDrop, 0)) < 0) return new(FaultAction.Drop, after);
        if ((pick -= Math.Max(pStall, 0)) < 0) return new(FaultAction.Stall, after);
        if ((pick -= Math.Max(pBurst, 0)) < 0) return new(FaultAction.Qps429, false);
        return FaultPlan.None;
    }

    // Caller holds _gate. A changed Seed restarts the sequence so tests can re-seed mid-run.
    private Random CurrentRandom()
    {
        var seed = Volatile.Read(ref _seed);
        if (_random is null || seed != _randomSeed)
        {
            _random = seed == NoSeed ? new Random() : new Random((int)seed);
            _randomSeed = seed;
        }
        return _random;
    }

    private static double Get(ref long bits) => BitConverter.Int64BitsToDouble(Volatile.Read(ref bits));

    private static void Set(ref long bits, double value) => Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(value));
}
