namespace ZoomUsers.Simulator;

/// <summary>
/// How the simulated Zoom account behaves. Tests change these while requests are in flight, so every
/// property is backed by a field read with volatile semantics: a request sees either the old or the new
/// value, never a torn one (nullable and 64-bit values are packed into a single long for that reason).
/// </summary>
public sealed class SimulatorOptions
{
    private const long NoDailyLimit = long.MinValue;

    private volatile string _accountId = "acct-1";
    private volatile string _clientId = "client-1";
    private volatile string _clientSecret = "secret-1";
    private volatile string _scopes = "user:write:admin account:read:admin";
    private volatile int _tokenLifetimeSeconds = 3600;
    private volatile string? _apiUrlInToken;
    private volatile bool _autoCreateUsers = true;
    private long _latencyTicks;
    private long _tokenLatencyTicks;
    private long _pictureLatencyTicks;
    private long _rateLimitBits = BitConverter.DoubleToInt64Bits(double.NaN);
    private long _lightRateLimitBits = BitConverter.DoubleToInt64Bits(double.NaN);
    private volatile int _maxPageSize = 300;
    private volatile bool _rateLimitSendsRetryAfter = true;
    private long _dailyLimit = NoDailyLimit;
    private volatile bool _sendRateLimitHeaders = true;
    private volatile bool _refusalsCarryRateHeaders = true;
    private volatile bool _sendContentLocation;
    private volatile bool _recordBodies = true;
    private volatile bool _decodePictures;
    private volatile bool _recordRequests = true;
    private volatile RandomFaults _faults = new();
    private volatile PasswordRequirement _passwordRequirement = new();
    private volatile int _passwordHistory;

    public string AccountId { get => _accountId; set => _accountId = value ?? ""; }
    public string ClientId { get => _clientId; set => _clientId = value ?? ""; }
    public string ClientSecret { get => _clientSecret; set => _clientSecret = value ?? ""; }

    /// <summary>Space-separated; captured into each token when it is issued.</summary>
    public string Scopes { get => _scopes; set => _scopes = value ?? ""; }

    /// <summary>Sent as expires_in and enforced by the server; captured into each token when it is issued.</summary>
    public int TokenLifetimeSeconds { get => _tokenLifetimeSeconds; set => _tokenLifetimeSeconds = value; }

    /// <summary>When set, the token response carries "api_url".</summary>
    public string? ApiUrlInToken { get => _apiUrlInToken; set => _apiUrlInToken = value; }

    /// <summary>Unknown user ids are created on first use (except <see cref="ZoomSimulator.MissingUsers"/>).</summary>
    public bool AutoCreateUsers { get => _autoCreateUsers; set => _autoCreateUsers = value; }

    /// <summary>Added before every API response.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyTicks));
        set => Volatile.Write(ref _latencyTicks, value.Ticks);
    }

    /// <summary>Added before every token response.</summary>
    public TimeSpan TokenLatency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _tokenLatencyTicks));
        set => Volatile.Write(ref _tokenLatencyTicks, value.Ticks);
    }

    /// <summary>Added before every answer of the picture host (pic_url downloads), which API latency does not touch.</summary>
    public TimeSpan PictureLatency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _pictureLatencyTicks));
        set => Volatile.Write(ref _pictureLatencyTicks, value.Ticks);
    }

    /// <summary>null = unlimited. Server-side token bucket: capacity = limit (at least 1), refills limit per second.</summary>
    public double? RateLimitPerSecond
    {
        get
        {
            var d = BitConverter.Int64BitsToDouble(Volatile.Read(ref _rateLimitBits));
            return double.IsNaN(d) ? null : d;
        }
        set => Volatile.Write(ref _rateLimitBits, BitConverter.DoubleToInt64Bits(value ?? double.NaN));
    }

    /// <summary>
    /// The Light label's per-second limit (GET /users/{userId}), a bucket of its own beside
    /// <see cref="RateLimitPerSecond"/>'s (Medium); null = unlimited. Business: 80.
    /// </summary>
    public double? LightRateLimitPerSecond
    {
        get
        {
            var d = BitConverter.Int64BitsToDouble(Volatile.Read(ref _lightRateLimitBits));
            return double.IsNaN(d) ? null : d;
        }
        set => Volatile.Write(ref _lightRateLimitBits, BitConverter.DoubleToInt64Bits(value ?? double.NaN));
    }

    /// <summary>GET /users answers at most this many users a page, whatever page_size asks (older docs said 300).</summary>
    public int MaxPageSize { get => _maxPageSize; set => _maxPageSize = Math.Max(1, value); }

    /// <summary>A per-second 429 carries "Retry-After: 1" when true, no Retry-After when false.</summary>
    public bool RateLimitSendsRetryAfter { get => _rateLimitSendsRetryAfter; set => _rateLimitSendsRetryAfter = value; }

    /// <summary>
    /// null = none. After this many accepted API requests every API request gets the daily 429.
    /// Requests are only counted while a daily limit is configured, and the count restarts at UTC midnight.
    /// </summary>
    public int? DailyLimit
    {
        get
        {
            var v = Volatile.Read(ref _dailyLimit);
            return v == NoDailyLimit ? null : (int)v;
        }
        set => Volatile.Write(ref _dailyLimit, value ?? NoDailyLimit);
    }

    /// <summary>X-RateLimit-Category/Type/Limit/Remaining on API responses when a limit is configured (and Retry-After on the daily 429).</summary>
    public bool SendRateLimitHeaders { get => _sendRateLimitHeaders; set => _sendRateLimitHeaders = value; }

    /// <summary>
    /// A per-second 429 carries X-RateLimit-Category/Type/Limit/Remaining when true (whatever
    /// <see cref="SendRateLimitHeaders"/> says of the other answers); false: at most Retry-After, so a client
    /// can only probe.
    /// </summary>
    public bool RefusalsCarryRateHeaders { get => _refusalsCarryRateHeaders; set => _refusalsCarryRateHeaders = value; }

    /// <summary>Picture 201 carries Content-Location: https://sim.zoom.test/p/{userId}.jpg (only the 2018 spec had it).</summary>
    public bool SendContentLocation { get => _sendContentLocation; set => _sendContentLocation = value; }

    /// <summary>
    /// true: every uploaded picture must also decode (SkiaSharp) as the JPEG or PNG it claims to be, or it
    /// is refused with code 120 like a bad file at Zoom. Off by default: most tests upload stand-in bytes.
    /// </summary>
    public bool DecodePictures { get => _decodePictures; set => _decodePictures = value; }

    /// <summary>false: RecordedRequest.Body and Parts stay empty, so 100k-request benchmarks do not hold every upload.</summary>
    public bool RecordBodies { get => _recordBodies; set => _recordBodies = value; }

    /// <summary>false: nothing is recorded at all (counters and MaxAcceptedInAnyWindow still work).</summary>
    public bool RecordRequests { get => _recordRequests; set => _recordRequests = value; }

    /// <summary>Random faults on API endpoints (never on the token endpoint).</summary>
    public RandomFaults Faults { get => _faults; set => _faults = value ?? new(); }

    /// <summary>The account's enhanced password rules, served as security.password_requirement.</summary>
    public PasswordRequirement PasswordRequirement { get => _passwordRequirement; set => _passwordRequirement = value ?? new(); }

    /// <summary>N: reusing one of the last N passwords answers 1129 (0 = off).</summary>
    public int PasswordHistory { get => _passwordHistory; set => _passwordHistory = value; }
}
