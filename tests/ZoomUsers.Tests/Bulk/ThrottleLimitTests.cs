using System.Management.Automation;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>-ThrottleLimit: rows run concurrently while input still streams in, never more than the limit at once.</summary>
public sealed class ThrottleLimitTests : ModuleTest
{
    // The producer counts rows handed to the cmdlet, the consumer counts results: their gap when a
    // result arrives is the rows started and not yet written, which is what holds memory.
    private const string MeasureLag = @"
        $limit = if ($args[1]) { @{ ThrottleLimit = $args[1] } } else { @{} }
        $global:produced = 0; $global:seen = 0; $global:maxLag = 0; $global:seenWhenInputEnded = -1
        1..$args[0] |
            ForEach-Object { $global:produced++; [pscustomobject]@{ UserId = ""u$_@example.com""; ImageData = $photo } } -End { $global:seenWhenInputEnded = $global:seen } |
            Set-ZoomUserPicture @limit |
            ForEach-Object { $lag = $global:produced - $global:seen; if ($lag -gt $global:maxLag) { $global:maxLag = $lag }; $global:seen++; $_ }";

    protected override SimulatorOptions CreateOptions() => new() { RecordBodies = false };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(null)] // the default
    public void In_flight_rows_reach_the_limit_and_never_pass_it(int? given)
    {
        var throttleLimit = given ?? 64; // an upper bound: at 1000/s and 200 ms the rate would want more
        // Latency far above the cost of producing a row: each wave of rows fills every slot.
        Sim.Options.Latency = TimeSpan.FromMilliseconds(200);
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());
        var rows = 3 * throttleLimit;

        var r = Ps.Run(MeasureLag, rows, given);

        r.ThrowIfFailed();
        Assert.Equal(rows, r.Results.Count);
        Assert.All(r.Results, x => Assert.Equal("Succeeded", x.Str("Status")));
        // ThrottleLimit rows in flight plus the one waiting for a slot, exactly.
        Assert.Equal(throttleLimit + 1, Ps.Run("$maxLag").Output.Single().BaseObject);
        // Results came out while input was still going in: nothing waited for the end of the input.
        Assert.True((int)Ps.Run("$seenWhenInputEnded").Output.Single().BaseObject > 0);
    }

    [Fact]
    public void Every_result_and_log_line_is_written_on_the_pipeline_thread()
    {
        Ps.Connect(Sim, "-RequestsPerSecond 1000");
        Ps.Set("photo", Jpeg());

        // PowerShell throws if a worker thread writes; the thread ids show where each result arrived.
        var r = Ps.Run(@"
            $global:producer = [System.Threading.Thread]::CurrentThread.ManagedThreadId
            " + BulkInput.PictureRows(100) + @" |
                Set-ZoomUserPicture -ThrottleLimit 8 -Verbose -Debug |
                ForEach-Object { [System.Threading.Thread]::CurrentThread.ManagedThreadId }");

        Assert.Null(r.Terminating);
        Assert.Empty(r.Errors);
        var producer = Ps.Run("$producer").Output.Single().BaseObject;
        Assert.Equal(100, r.Output.Count);
        Assert.All(r.Output, o => Assert.Equal(producer, o.BaseObject));
        // Lines logged by the workers (the HTTP exchanges) reached the streams too.
        Assert.Equal(100, r.Debug.Count(l => l.StartsWith("HTTP 201", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void A_limit_outside_1_to_256_is_refused_before_anything_is_sent(int throttleLimit)
    {
        Ps.Connect(Sim);
        Ps.Set("photo", Jpeg());

        var r = Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo -ThrottleLimit $args[0]", throttleLimit);

        Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(r.Results);
        Assert.Equal(0, Sim.ApiRequestCount);
    }
}
