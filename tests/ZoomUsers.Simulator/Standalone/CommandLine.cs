using System.Globalization;

namespace ZoomUsers.Simulator.Standalone;

/// <summary>
/// The options of the standalone simulator (dotnet run --project tests/ZoomUsers.Simulator -- ...),
/// each one a <see cref="SimulatorOptions"/> or <see cref="RandomFaults"/> property, so the
/// simulator a user rehearses against behaves as the one the tests use.
/// </summary>
public sealed class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project tests/ZoomUsers.Simulator -- [options]

        Starts the Zoom simulator on 127.0.0.1, prints the Connect-Zoom line to paste, serves until Ctrl+C.
        dotnet run --project tests/ZoomUsers.Simulator -- make-pictures --help: sample pictures instead.
        dotnet run --project tests/ZoomUsers.Simulator -- make-ca <folder>: a throwaway CA's files instead
          (ca.pem and ca.cer: its root, to add to a trust store; ca.pfx: the root with its key, for --tls-ca).

          --port <n>              Port to listen on (default: any free port)
          --plan <free|pro|business>
                                  Zoom's per-account limit of the plan (default: pro):
                                  free = 2 requests/s and 2,000/day, pro = 20/s, business = 60/s
          --rate-limit <n|none>   Requests per second the account allows (overrides --plan)
          --daily-limit <n|none>  Requests per day; then every request gets the daily 429 (overrides --plan)
          --latency <ms>          Added before every API answer (default: 0)
          --faults <p>            Probability (0..1) of a transient fault per API request, split evenly
                                  among 500, 503, a dropped connection and a 429 burst
          --fault-500 <p>, --fault-503 <p>, --fault-drop <p>, --fault-stall <p>, --fault-429 <p>
                                  One kind of fault, with its own probability
          --seed <n>              Same faults in the same order on every run
          --no-rate-headers       Leave out X-RateLimit-* headers on answers that are not 429s (as Zoom sometimes does)
          --no-refusal-rate-headers
                                  Leave them out of per-second 429s too: a client can only probe
          --no-retry-after        Per-second 429s without Retry-After
          --password-history <n>  Reusing one of the last n passwords answers code 1129
          --missing-user <id>     This user id or email answers 404 code 1001 (repeat for more); any other is a user
          --tls                   Serve HTTPS, as Zoom does: a throwaway CA is made at start with a server
                                  certificate for 127.0.0.1 and localhost; the CA's root is written to a
                                  temporary ca.pem, and the lines to trust it for one session are printed
          --tls-cert <file.pfx>   Serve HTTPS with this certificate (and its key) instead; implies --tls
          --tls-cert-password <p> The password of --tls-cert's file
          --tls-ca <ca.pfx>       Serve HTTPS with a certificate for 127.0.0.1 and localhost issued by this CA
                                  (make-ca's ca.pfx, key included): one this machine already trusts; implies --tls
          --help                  This text
        """;

    public SimulatorOptions Options { get; } = new()
    {
        // A rehearsal may run 50,000 rows: keep counters, not every request and upload.
        RecordRequests = false,
        RecordBodies = false,
        RateLimitPerSecond = 20,
    };

    /// <summary>Users that do not exist (<see cref="ZoomSimulator.MissingUsers"/>): every other id is a user.</summary>
    public List<string> MissingUsers { get; } = new();

    public int Port { get; private set; }
    public bool ShowHelp { get; private set; }

    /// <summary>--tls or --tls-cert: serve HTTPS.</summary>
    public bool Tls { get; private set; }

    /// <summary>--tls-cert: a PKCS#12 file to serve; null: a throwaway CA's certificate.</summary>
    public string? TlsCertificate { get; private set; }

    public string? TlsCertificatePassword { get; private set; }

    /// <summary>--tls-ca: a CA's PKCS#12 file (make-ca's ca.pfx) to issue the served certificate.</summary>
    public string? TlsCa { get; private set; }

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> naming the one that is wrong.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        var options = line.Options;
        var faults = options.Faults;
        double? rateLimit = null;
        int? dailyLimit = null;
        bool rateLimitSet = false, dailyLimitSet = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--help" or "-h" or "-?": line.ShowHelp = true; break;
                case "--port": line.Port = Int(name, Value(), 0, 65535); break;
                case "--plan":
                    (rateLimit, dailyLimit) = Value().ToLowerInvariant() switch
                    {
                        "free" => (2d, (int?)2000),
                        "pro" => (20d, null),
                        "business" or "education" or "enterprise" => (60d, null),
                        var other => throw new ArgumentException($"--plan: '{other}' is not free, pro or business."),
                    };
                    options.RateLimitPerSecond = rateLimitSet ? options.RateLimitPerSecond : rateLimit;
                    options.DailyLimit = dailyLimitSet ? options.DailyLimit : dailyLimit;
                    break;
                case "--rate-limit":
                    var rate = Value();
                    options.RateLimitPerSecond = rate == "none" ? null : Double(name, rate, 0.001, 1_000_000);
                    rateLimitSet = true;
                    break;
                case "--daily-limit":
                    var daily = Value();
                    options.DailyLimit = daily == "none" ? null : Int(name, daily, 1, int.MaxValue);
                    dailyLimitSet = true;
                    break;
                case "--latency": options.Latency = TimeSpan.FromMilliseconds(Int(name, Value(), 0, 600_000)); break;
                case "--faults":
                    var each = Double(name, Value(), 0, 1) / 4;
                    (faults.Status500, faults.Status503, faults.Drop, faults.RateLimitBurst) = (each, each, each, each);
                    break;
                case "--fault-500": faults.Status500 = Double(name, Value(), 0, 1); break;
                case "--fault-503": faults.Status503 = Double(name, Value(), 0, 1); break;
                case "--fault-drop": faults.Drop = Double(name, Value(), 0, 1); break;
                case "--fault-stall": faults.Stall = Double(name, Value(), 0, 1); break;
                case "--fault-429": faults.RateLimitBurst = Double(name, Value(), 0, 1); break;
                case "--seed": faults.Seed = Int(name, Value(), int.MinValue + 1, int.MaxValue); break;
                case "--no-rate-headers": options.SendRateLimitHeaders = false; break;
                case "--no-retry-after": options.RateLimitSendsRetryAfter = false; break;
                case "--no-refusal-rate-headers": options.RefusalsCarryRateHeaders = false; break;
                case "--password-history": options.PasswordHistory = Int(name, Value(), 0, 1000); break;
                case "--missing-user": line.MissingUsers.Add(Value()); break;
                case "--tls": line.Tls = true; break;
                case "--tls-cert":
                    line.TlsCertificate = Value();
                    line.Tls = true;
                    if (!File.Exists(line.TlsCertificate)) throw new ArgumentException($"--tls-cert: '{line.TlsCertificate}' does not exist.");
                    break;
                case "--tls-cert-password": line.TlsCertificatePassword = Value(); break;
                case "--tls-ca":
                    line.TlsCa = Value();
                    line.Tls = true;
                    if (!File.Exists(line.TlsCa)) throw new ArgumentException($"--tls-ca: '{line.TlsCa}' does not exist.");
                    break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }
        return line;
    }

    /// <summary>What the simulator will do, in one line.</summary>
    public string Describe()
    {
        var o = Options;
        var f = o.Faults;
        var parts = new List<string>
        {
            !Tls ? "plain HTTP"
                : TlsCertificate != null ? "HTTPS with the given certificate"
                : TlsCa != null ? "HTTPS with a certificate from the given CA"
                : "HTTPS with a throwaway CA",
            o.RateLimitPerSecond is { } r ? $"{r.ToString(CultureInfo.InvariantCulture)} requests/s" : "no rate limit",
        };
        if (o.DailyLimit is { } d) parts.Add($"{d.ToString(CultureInfo.InvariantCulture)}/day");
        if (o.Latency > TimeSpan.Zero) parts.Add($"latency {o.Latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        var total = f.Status500 + f.Status503 + f.Drop + f.Stall + f.RateLimitBurst;
        parts.Add(total > 0 ? $"faults on {(total * 100).ToString("0.##", CultureInfo.InvariantCulture)}% of requests" : "no faults");
        if (!o.SendRateLimitHeaders) parts.Add("no rate-limit headers");
        if (!o.RefusalsCarryRateHeaders) parts.Add("no rate-limit headers on 429s");
        return string.Join(", ", parts);
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a whole number from {min} to {max}.");

    private static double Double(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
}
