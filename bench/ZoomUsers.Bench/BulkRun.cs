using System.Diagnostics;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>What one Set-ZoomUserPicture pipeline over N rows achieved.</summary>
internal sealed record BulkOutcome(int Rows, int Succeeded, int Failed, TimeSpan Elapsed, int ApiRequests, int Refused429, int MaxAcceptedInOneSecond)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
    public double Share429 => ApiRequests == 0 ? 0 : (double)Refused429 / ApiRequests;
}

/// <summary>
/// One bulk pipeline as a user writes it: rows streamed from a producer into Set-ZoomUserPicture,
/// results consumed as they come (as Export-Csv would), timed from the first row to the last result.
/// </summary>
internal static class BulkRun
{
    // $args: row count, ThrottleLimit, number of distinct users (ids cycle so the in-process
    // simulator's own store stays the same size whatever the row count).
    private const string Script = @"
        $global:ok = 0; $global:failed = 0; $users = $args[2]
        $tl = if ($args[1] -gt 0) { @{ ThrottleLimit = $args[1] } } else { @{} }
        1..$args[0] |
            ForEach-Object { [pscustomobject]@{ UserId = ""u$($_ % $users)@example.com""; ImageData = $photo } } |
            Set-ZoomUserPicture @tl -ErrorAction SilentlyContinue |
            ForEach-Object { if ($_.Status -eq 'Succeeded') { $global:ok++ } else { $global:failed++ } }
        $global:ok; $global:failed";

    public static readonly byte[] Photo = MakeJpeg(1024);

    /// <param name="throttleLimit">0: the cmdlet's default.</param>
    public static BulkOutcome Run(ZoomSimulator sim, HostedModule module, int rows, int throttleLimit, int distinctUsers = int.MaxValue)
    {
        module.Set("photo", Photo);
        sim.ClearRequests();
        var clock = Stopwatch.StartNew();
        var counts = module.Run(Script, rows, throttleLimit, Math.Min(distinctUsers, rows + 1));
        clock.Stop();
        return new BulkOutcome(rows, (int)counts[0].BaseObject, (int)counts[1].BaseObject, clock.Elapsed,
            sim.ApiRequestCount, sim.Count429, sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(1)));
    }

    private static byte[] MakeJpeg(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }
}
