using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ZoomUsers.Simulator;

namespace ZoomUsers.Bench;

/// <summary>
/// The peer baseline: what an admin writes without this module, the seeds' curl example as PowerShell
/// (one token, then Invoke-RestMethod in a foreach, one request at a time), in the same hosted engine
/// against the same simulator.
/// </summary>
internal static class PeerScript
{
    private const string Script = @"
        param($tokenUri, $apiBase, $accountId, $clientId, $secret, $rows, $photoPath)
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(""${clientId}:$secret""))
        $token = (Invoke-RestMethod -Method Post -Uri ""${tokenUri}?grant_type=account_credentials&account_id=$accountId"" -Headers @{ Authorization = ""Basic $basic"" }).access_token
        $ok = 0; $failed = 0
        foreach ($i in 1..$rows) {
            try {
                $null = Invoke-RestMethod -Method Post -Uri ""$apiBase/users/peer$i@example.com/picture"" -Headers @{ Authorization = ""Bearer $token"" } -Form @{ pic_file = Get-Item -LiteralPath $photoPath }
                $ok++
            } catch { $failed++ }
        }
        $ok; $failed";

    public static BulkOutcome Run(ZoomSimulator sim, int rows)
    {
        var photo = Path.Combine(Path.GetTempPath(), $"zoomusers-bench-{Environment.ProcessId}.jpg");
        File.WriteAllBytes(photo, BulkRun.Photo);
        try
        {
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(Script).AddArgument(sim.TokenUri.ToString()).AddArgument(sim.ApiBaseUri.ToString().TrimEnd('/'))
                .AddArgument(sim.Options.AccountId).AddArgument(sim.Options.ClientId).AddArgument(sim.Options.ClientSecret)
                .AddArgument(rows).AddArgument(photo);
            sim.ClearRequests();
            var clock = Stopwatch.StartNew();
            var counts = ps.Invoke();
            clock.Stop();
            if (ps.HadErrors && counts.Count < 2)
                throw new InvalidOperationException("The peer script failed: " + string.Join("; ", ps.Streams.Error.Take(3)));
            return new BulkOutcome(rows, (int)counts[0].BaseObject, (int)counts[1].BaseObject, clock.Elapsed,
                sim.ApiRequestCount, sim.Count429, sim.MaxAcceptedInAnyWindow(TimeSpan.FromSeconds(1)));
        }
        finally
        {
            File.Delete(photo);
        }
    }
}
