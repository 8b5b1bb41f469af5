using System.Collections.Concurrent;

namespace ZoomUsers.Simulator;

/// <summary>A fault a test scripts for the next request to one user (see <see cref="ZoomSimulator.Script"/>).</summary>
public enum SimFault
{
    /// <summary>Abort the connection before anything is applied.</summary>
    Drop,
    /// <summary>Apply the change, then abort the connection: the client cannot tell it landed.</summary>
    DropAfterApply,
    Status500,
    Status503,
    /// <summary>Apply the change, then answer 503.</summary>
    Status503AfterApply,
    /// <summary>Wait StallDuration (or until the client gives up), then answer normally.</summary>
    Stall,
    /// <summary>Apply the change, stall, then answer normally.</summary>
    StallAfterApply,
    /// <summary>401 code 124 "Access token is expired." without expiring anything.</summary>
    Token124,
    RateLimit429,
    RateLimit429NoRetryAfter,
    DailyLimit429,
    /// <summary>502 text/html from a proxy, not JSON.</summary>
    Html502,
    EmptyBody500,
    /// <summary>400 application/json with a truncated body.</summary>
    InvalidJson400,
    /// <summary>400 code 300 with an "errors" array.</summary>
    ErrorsArray400,
    EmptyBody400,
}

/// <summary>What a scripted or random fault does to one request.</summary>
internal enum FaultAction
{
    None,
    Drop,
    Status500,
    Status503,
    Stall,
    Token124,
    Qps429,
    Qps429NoRetryAfter,
    Daily429,
    Html502,
    EmptyBody500,
    InvalidJson400,
    ErrorsArray400,
    EmptyBody400,
}

/// <param name="AfterApply">The endpoint runs (and may change the user) before the fault happens.</param>
internal readonly record struct FaultPlan(FaultAction Action, bool AfterApply)
{
#pragma warning disable CA1805 // Written out: None is the default plan, and the field says so.
    public static readonly FaultPlan None = default;
#pragma warning restore CA1805

    public bool IsNone => Action == FaultAction.None;

    public static FaultPlan From(SimFault fault) => fault switch
    {
        SimFault.Drop => new(FaultAction.Drop, false),
        SimFault.DropAfterApply => new(FaultAction.Drop, true),
        SimFault.Status500 => new(FaultAction.Status500, false),
        SimFault.Status503 => new(FaultAction.Status503, false),
        SimFault.Status503AfterApply => new(FaultAction.Status503, true),
        SimFault.Stall => new(FaultAction.Stall, false),
        SimFault.StallAfterApply => new(FaultAction.Stall, true),
        SimFault.Token124 => new(FaultAction.Token124, false),
        SimFault.RateLimit429 => new(FaultAction.Qps429, false),
        SimFault.RateLimit429NoRetryAfter => new(FaultAction.Qps429NoRetryAfter, false),
        SimFault.DailyLimit429 => new(FaultAction.Daily429, false),
        SimFault.Html502 => new(FaultAction.Html502, false),
        SimFault.EmptyBody500 => new(FaultAction.EmptyBody500, false),
        SimFault.InvalidJson400 => new(FaultAction.InvalidJson400, false),
        SimFault.ErrorsArray400 => new(FaultAction.ErrorsArray400, false),
        SimFault.EmptyBody400 => new(FaultAction.EmptyBody400, false),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}

/// <summary>
/// Per-user queues of scripted faults. Lookups are lock-free so users without a script cost one
/// dictionary probe per request.
/// </summary>
internal sealed class ScriptedFaults
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SimFault>> _queues =
        new(StringComparer.OrdinalIgnoreCase);

    public void Add(string userId, SimFault[] faults)
    {
        var queue = _queues.GetOrAdd(userId, static _ => new ConcurrentQueue<SimFault>());
        foreach (var fault in faults)
            queue.Enqueue(fault);
    }

    public bool TryTake(string userId, out SimFault fault)
    {
        fault = default;
        return _queues.TryGetValue(userId, out var queue) && queue.TryDequeue(out fault);
    }
}
