using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Tls;

namespace ZoomUsers.Bench;

/// <summary>
/// Issue 11's table: Connect-Zoom and Set-ZoomUserPicture with defaults only (no -RequestsPerSecond,
/// no -ThrottleLimit) on Pro (20/s) and Business (60/s) accounts, at 150 and 500 ms, with and without
/// rate headers on successful answers; the account shared with another app sending a steady 8/s; and
/// the peer baseline (Invoke-RestMethod in a foreach) in the same run. Business at 150 ms runs twice:
/// over plain HTTP and over HTTPS (issue 25: Zoom answers over TLS only, and TLS must cost nothing
/// measurable), the simulator's certificate from a CA this process trusts through SSL_CERT_FILE.
/// </summary>
internal static class DefaultsTable
{
    /// <summary>Which answers carry X-RateLimit-Limit and X-RateLimit-Remaining.</summary>
    private enum Headers
    {
        /// <summary>Every answer.</summary>
        All,
        /// <summary>Only the per-second 429s (the issue's "without rate headers on successful answers").</summary>
        Refusals,
        /// <summary>None: the pacer can only probe.</summary>
        None,
    }

    /// <param name="BadDay">Issue 21's faults: 10% 503, 5% dropped connections, 2% stalls past Connect-Zoom -TimeoutSec 3 (half of each after the change landed).</param>
    /// <param name="Tls">The simulator speaks HTTPS, with a certificate from the bench's trusted throwaway CA.</param>
    private sealed record Case(string Name, double Limit, int LatencyMs, Headers Headers, double OtherApp = 0, bool BadDay = false, bool Tls = false)
    {
        public double Available => Limit - OtherApp;
    }

    private sealed record Figures(Case Case, int Rows, BulkOutcome Outcome, double OtherShare, int OtherSent)
    {
        public double Ratio => Outcome.RowsPerSecond / Case.Available;
    }

    /// <param name="rows">Rows per scenario at least.</param>
    /// <param name="seconds">
    /// Each scenario gets the rows what it may use of the limit serves in this long, when that is more than
    /// <paramref name="rows"/>: slow start and the last round trip then weigh alike on Pro and Business
    /// (3,000 rows are 150 s on Pro but 50 s on Business). The shared account keeps <paramref name="rows"/>,
    /// which at the 12/s left to it run longer.
    /// </param>
    /// <param name="only">Only the scenarios whose label contains one of these, '|'-separated; null: all.</param>
    /// <param name="ca">The CA this process trusts (ProcessTrust): the TLS scenario's certificate comes from it.</param>
    public static async Task<List<string>> RunAsync(int rows, double seconds, int peerRows, bool sequential, string? only, ThrowawayCa ca)
    {
        var cases = new List<Case>();
        foreach (var (plan, limit) in new[] { ("Pro", 20.0), ("Business", 60.0) })
            foreach (var latency in new[] { 150, 500 })
                foreach (var headers in new[] { Headers.All, Headers.Refusals, Headers.None })
                    cases.Add(new Case(plan, limit, latency, headers));
        cases.Insert(cases.FindIndex(c => c is { Name: "Business", LatencyMs: 150, Headers: Headers.All }) + 1, new Case("Business", 60, 150, Headers.All, Tls: true));
        foreach (var headers in new[] { Headers.All, Headers.Refusals, Headers.None })
            cases.Add(new Case("Pro shared", 20, 150, headers, OtherApp: 8));
        // A bad day: requests (retries included) reaching the account as a share of its limit is the figure.
        cases.Add(new Case("Business", 60, 150, Headers.All, BadDay: true));
        cases.Add(new Case("100/s", 100, 40, Headers.All, BadDay: true));
        if (only != null)
        {
            var wanted = only.Split('|', StringSplitOptions.RemoveEmptyEntries);
            cases.RemoveAll(c => !wanted.Any(w => Label(c).Contains(w, StringComparison.OrdinalIgnoreCase)));
        }

        int RowsFor(Case c) => Math.Max(rows, (int)Math.Round(c.Available * seconds));
        Console.WriteLine($"Defaults only (Connect-Zoom without -RequestsPerSecond, no -ThrottleLimit), at least {rows:N0} rows and {seconds:0} s of the limit each" +
                          (sequential ? "" : ", scenarios run side by side (each its own simulator and runspace)") + ":");
        var peerTask = peerRows > 0 ? Start(() => MeasurePeer(peerRows), sequential: true) : Task.FromResult<BulkOutcome?>(null);
        var tasks = new List<Task<Figures>>();
        foreach (var c in cases)
        {
            var t = Start(() => MeasureAsync(c, RowsFor(c), ca).GetAwaiter().GetResult(), sequential);
            tasks.Add(t);
            if (sequential) await t;
        }
        var figures = await Task.WhenAll(tasks);
        var peerOutcome = await peerTask;

        Console.WriteLine($"{"scenario",-12} {"limit",5} {"latency",8} {"headers",8} {"rows",6} {"rows/s",7} {"of limit",8} {"429s",6} {"other 429s",10} {"max/1s",6} {"failed",6}");
        var misses = new List<string>();
        var badDay = new List<string>();
        foreach (var f in figures)
        {
            var c = f.Case;
            var label = c.OtherApp > 0 ? $"{f.Ratio,8:0.00}*" : $"{f.Ratio,8:0.00} ";
            var other = c.OtherApp > 0 ? $"{f.OtherShare,10:0.0%}" : $"{"-",10}";
            var name = Label(c);
            if (c.BadDay)
            {
                var sent = f.Outcome.ApiRequests / f.Outcome.Elapsed.TotalSeconds;
                badDay.Add($"{c.Name,-11} {c.Limit,5:0} {c.LatencyMs,5} ms {f.Rows,6} {f.Outcome.RowsPerSecond,7:0.0} {sent,10:0.0} {sent / c.Limit,8:0.00} {f.Outcome.Succeeded,9} {f.Outcome.Failed,6} {f.Rows - f.Outcome.Succeeded - f.Outcome.Failed,5}");
                if (sent / c.Limit < 0.9) misses.Add($"{name}: requests reached the account at {sent / c.Limit:0.000} of its limit (target >= 0.90)");
                if (f.Outcome.Succeeded + f.Outcome.Failed != f.Rows) misses.Add($"{name}: {f.Rows - f.Outcome.Succeeded - f.Outcome.Failed} rows without a result");
                continue;
            }
            Console.WriteLine($"{(c.Tls ? c.Name + " TLS" : c.Name),-12} {c.Limit,5:0} {c.LatencyMs,5} ms {Describe(c.Headers),8} {f.Rows,6} {f.Outcome.RowsPerSecond,7:0.0} {label}{f.Outcome.Share429,5:0.0%} {other} {f.Outcome.MaxAcceptedInOneSecond,6} {f.Outcome.Failed,6}");
            var target = c.OtherApp > 0 ? 0.9 : 0.95;
            if (f.Ratio < target) misses.Add($"{name}: {f.Ratio:0.000} of {(c.OtherApp > 0 ? "what the other app leaves" : "the limit")} (target >= {target:0.00})");
            if (f.Outcome.Share429 > 0.01) misses.Add($"{name}: {f.Outcome.Share429:0.0%} of requests answered 429 (target <= 1%)");
            if (c.OtherApp > 0 && f.OtherShare > 0.02) misses.Add($"{name}: the other app refused {f.OtherShare:0.0%} (target <= 2%)");
            if (f.Outcome.Failed > 0) misses.Add($"{name}: {f.Outcome.Failed} failed rows");
        }
        if (badDay.Count > 0)
        {
            Console.WriteLine($"Bad day (10% 503, 5% dropped connections, 2% stalls; Connect-Zoom -TimeoutSec 3; half of each fault after the change landed):");
            Console.WriteLine($"{"scenario",-11} {"limit",5} {"latency",8} {"rows",6} {"rows/s",7} {"requests/s",10} {"of limit",8} {"succeeded",9} {"failed",6} {"lost",5}");
            foreach (var line in badDay) Console.WriteLine(line);
            Console.WriteLine("  requests/s = every request reaching the account, retries included; lost = rows with no result.");
        }
        if (figures.FirstOrDefault(f => f.Case is { Name: "Business", LatencyMs: 150, Headers: Headers.All, Tls: false, BadDay: false }) is { } plain &&
            figures.FirstOrDefault(f => f.Case.Tls) is { } tls)
            Console.WriteLine($"  TLS: Business 60/s at 150 ms over HTTPS ran at {tls.Outcome.RowsPerSecond / plain.Outcome.RowsPerSecond:0.00}x the plain-HTTP row's rows/s, in the same run.");
        if (peerOutcome is not { } peer || figures.FirstOrDefault(f => f.Case is { Name: "Pro", LatencyMs: 150, Headers: Headers.All }) is not { } pro150)
        {
            Console.WriteLine();
            return misses;
        }
        Console.WriteLine($"{"peer script",-11} {20,5} {150,5} ms {Describe(Headers.All),8} {peerRows,6} {peer.RowsPerSecond,7:0.0} {peer.RowsPerSecond / 20,8:0.00}  {peer.Share429,5:0.0%} {"-",10} {peer.MaxAcceptedInOneSecond,6} {peer.Failed,6}");
        Console.WriteLine($"  Headers: on every answer (all), on per-second 429s only (429s), on none (none: probing alone).");
        Console.WriteLine($"  * of what the other app (steady 8/s, never adapting) leaves: 12/s. Peer = Invoke-RestMethod in a foreach, one request at a time;");
        Console.WriteLine($"    the module with defaults on the same Pro account at 150 ms: {pro150.Outcome.RowsPerSecond / peer.RowsPerSecond:0.0}x the peer.");
        Console.WriteLine();
        return misses;
    }

    private static string Label(Case c) => $"{c.Name} {c.Limit:0}/s {c.LatencyMs} ms headers {Describe(c.Headers)}" + (c.BadDay ? " bad day" : "") + (c.Tls ? " TLS" : "");

    private static string Describe(Headers headers) => headers switch
    {
        Headers.All => "all",
        Headers.Refusals => "429s",
        _ => "none",
    };

    private static Task<T> Start<T>(Func<T> work, bool sequential) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task<Figures> MeasureAsync(Case c, int rows, ThrowawayCa ca)
    {
        var options = new SimulatorOptions
        {
            RateLimitPerSecond = c.Limit, Latency = TimeSpan.FromMilliseconds(c.LatencyMs), RecordRequests = false,
            SendRateLimitHeaders = c.Headers == Headers.All, RefusalsCarryRateHeaders = c.Headers != Headers.None,
        };
        if (c.BadDay)
            options.Faults = new RandomFaults { Status503 = 0.10, Drop = 0.05, Stall = 0.02, StallDuration = TimeSpan.FromSeconds(30), Seed = 21 };
        using var tls = c.Tls ? SimulatorTls.IssuedBy(ca, null) : null;
        await using var sim = await ZoomSimulator.StartAsync(options, tls: tls);
        using var module = new HostedModule(sim, null, c.BadDay ? "-TimeoutSec 3" : "");
        OtherApp? other = null;
        if (c.OtherApp > 0)
        {
            other = new OtherApp(sim, c.OtherApp);
            await Task.Delay(TimeSpan.FromSeconds(3)); // the other app was there first
        }
        var (sent0, refused0) = (other?.Sent ?? 0, other?.Refused ?? 0);
        var outcome = BulkRun.Run(sim, module, rows, throttleLimit: 0);
        if (other == null) return new Figures(c, rows, outcome, 0, 0);
        var (sent, refused) = (other.Sent - sent0, other.Refused - refused0);
        await other.DisposeAsync();
        // The other app's requests are in the simulator's counts too: take them out of ours.
        outcome = outcome with { ApiRequests = outcome.ApiRequests - sent, Refused429 = outcome.Refused429 - refused };
        return new Figures(c, rows, outcome, sent == 0 ? 0 : (double)refused / sent, sent);
    }

    private static BulkOutcome? MeasurePeer(int rows)
    {
        var sim = ZoomSimulator.StartAsync(new SimulatorOptions
        {
            RateLimitPerSecond = 20, Latency = TimeSpan.FromMilliseconds(150), RecordRequests = false,
        }).GetAwaiter().GetResult();
        try
        {
            return PeerScript.Run(sim, rows);
        }
        finally
        {
            sim.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
