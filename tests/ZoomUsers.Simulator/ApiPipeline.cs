using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ZoomUsers.Simulator;

/// <summary>
/// The order every /v2 request goes through: latency, auth, scripted fault, rate limits, random fault,
/// scope, endpoint. A scripted request is answered by its script alone: it bypasses the limiter and random
/// faults so a test gets exactly the fault it asked for.
/// </summary>
internal sealed class ApiPipeline(ZoomSimulator sim)
{
    public async Task HandleAsync(Exchange x)
    {
        var options = sim.Options;
        await x.DelayAsync(options.Latency);

        var route = ApiRoute.Parse(x.Http.Request.Method, x.RawPath);
        x.UserId = route.UserId;
        x.Label = route.Label;
        bool light = route.Label == RateLabel.Light;

        var tokenState = sim.Tokens.Check(BearerToken(x.Http.Request), out var token);
        if (tokenState != TokenState.Valid)
        {
            await x.SendAsync(tokenState == TokenState.Expired ? Replies.TokenExpired : Replies.TokenInvalid);
            return;
        }

        FaultPlan fault;
        if (ScriptKey(route) is { } key && sim.Scripts.TryTake(key, out var scripted))
        {
            fault = FaultPlan.From(scripted);
        }
        else
        {
            // Each label has its own budget, as at Zoom; the daily limit is the Medium one's.
            double? perSecond = light ? options.LightRateLimitPerSecond : options.RateLimitPerSecond;
            int? daily = light ? null : options.DailyLimit;
            var limiter = light ? sim.LightLimiter : sim.Limiter;
            if (RateLimiter.IsConfigured(perSecond, daily))
            {
                var limit = limiter.Acquire(perSecond, daily);
                if (limit.Verdict != LimitVerdict.Accepted)
                {
                    await x.SendAsync(limit.Verdict == LimitVerdict.Daily
                        ? Replies.Daily429(daily, options.SendRateLimitHeaders)
                        : Replies.Qps429(perSecond, options.RateLimitSendsRetryAfter, options.RefusalsCarryRateHeaders, route.Label));
                    return;
                }

                fault = options.Faults.Roll();
                if (fault.Action == FaultAction.Qps429)
                    limiter.Refund(limit);   // a 429 is never an accepted request
                else if (options.SendRateLimitHeaders)
                    AddRateLimitHeaders(x, limit, route.Label);
            }
            else
            {
                fault = options.Faults.Roll();
            }
        }

        if (!fault.IsNone && !fault.AfterApply)
        {
            if (fault.Action != FaultAction.Stall)
            {
                await x.SendAsync(FaultReply(fault.Action, options, route.Label));
                return;
            }
            await x.DelayAsync(options.Faults.StallDuration);
        }

        var reply = route.Scope is { } scope && !token!.HasAnyScope(scope.Accepted)
            ? scope.Error
            : await Endpoints.RunAsync(sim, x, route);

        if (fault.AfterApply)
        {
            if (fault.Action == FaultAction.Stall)
                await x.DelayAsync(options.Faults.StallDuration);
            else
                reply = FaultReply(fault.Action, options, route.Label);
        }

        await x.SendAsync(reply);
    }

    private static Reply FaultReply(FaultAction action, SimulatorOptions options, RateLabel label) => action switch
    {
        FaultAction.Drop => Replies.Drop,
        FaultAction.Status500 => Replies.Internal500,
        FaultAction.Status503 => Replies.Unavailable503,
        FaultAction.Token124 => Replies.TokenExpired,
        FaultAction.Qps429 => Replies.Qps429(Limit(options, label), options.RateLimitSendsRetryAfter, options.RefusalsCarryRateHeaders, label),
        FaultAction.Qps429NoRetryAfter => Replies.Qps429(Limit(options, label), retryAfter: false, options.RefusalsCarryRateHeaders, label),
        FaultAction.Daily429 => Replies.Daily429(options.DailyLimit),
        FaultAction.Html502 => Replies.Html502,
        FaultAction.EmptyBody500 => Replies.EmptyBody500,
        FaultAction.InvalidJson400 => Replies.InvalidJson400,
        FaultAction.ErrorsArray400 => Replies.ErrorsArray400,
        FaultAction.EmptyBody400 => Replies.EmptyBody400,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static double? Limit(SimulatorOptions options, RateLabel label) =>
        label == RateLabel.Light ? options.LightRateLimitPerSecond : options.RateLimitPerSecond;

    private static void AddRateLimitHeaders(Exchange x, in LimitResult limit, RateLabel label)
    {
        x.AddHeader("X-RateLimit-Category", label.ToString());
        x.AddHeader("X-RateLimit-Type", limit.Type!);
        x.AddHeader("X-RateLimit-Limit", limit.Limit!);
        x.AddHeader("X-RateLimit-Remaining", limit.Remaining.ToString(CultureInfo.InvariantCulture));
    }

    private static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        return header[scheme.Length..].Trim();
    }

    /// <summary>Scripts are keyed by the user a request names, or by its account for account-level endpoints.</summary>
    private static string? ScriptKey(ApiRoute route) =>
        route.UserId ?? (route.AccountId is { } account ? ZoomSimulator.AccountScriptKey(account) : null);
}
