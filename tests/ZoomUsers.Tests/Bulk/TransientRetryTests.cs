using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Bulk;

/// <summary>5xx, dropped connections and timeouts are retried up to -MaxRetryCount; answers a retry cannot change are not.</summary>
public sealed class TransientRetryTests : ModuleTest
{
    // The stall faults need a short -TimeoutSec; elsewhere a busy test machine must not trip it.
    private const string Connect = "-RequestsPerSecond 1000 -RetryBaseDelayMs 10";
    private const string ConnectForStalls = Connect + " -TimeoutSec 1";

    [Theory]
    [InlineData(SimFault.Status500)]
    [InlineData(SimFault.Status503)]
    [InlineData(SimFault.Status503AfterApply)]
    [InlineData(SimFault.Html502)]
    [InlineData(SimFault.EmptyBody500)]
    [InlineData(SimFault.Drop)]
    [InlineData(SimFault.DropAfterApply)]
    [InlineData(SimFault.Stall)]            // past -TimeoutSec 1
    [InlineData(SimFault.StallAfterApply)]
    public void A_transient_fault_is_retried_and_the_row_succeeds(SimFault fault)
    {
        Ps.Connect(Sim, fault is SimFault.Stall or SimFault.StallAfterApply ? ConnectForStalls : Connect);
        Ps.Set("photo", Jpeg());
        Sim.Script("a@example.com", fault);

        var r = Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo");

        r.ThrowIfFailed();
        var x = Assert.Single(r.Results);
        Assert.Equal("Succeeded", x.Str("Status"));
        Assert.Equal(2, x.Prop<int>("Attempts"));
        Assert.Equal(Jpeg(), Sim.Users["a@example.com"].Picture);
    }

    [Theory]
    [InlineData(SimFault.Status503, "ServerError", 503)]
    [InlineData(SimFault.Drop, "ConnectionFailed", null)]
    [InlineData(SimFault.Stall, "RequestTimeout", null)]
    public void Retries_stop_at_MaxRetryCount(SimFault fault, string errorId, int? httpStatus)
    {
        Ps.Connect(Sim, (fault == SimFault.Stall ? ConnectForStalls : Connect) + " -MaxRetryCount 1");
        Ps.Set("photo", Jpeg());
        Sim.Script("a@example.com", fault, fault, SimFault.Status500);

        var r = Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo");

        var x = Assert.Single(r.Results);
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal(errorId, x.Str("ErrorId"));
        Assert.Equal(httpStatus, x.Prop<int?>("HttpStatus"));
        Assert.Equal(2, x.Prop<int>("Attempts"));
        Assert.Equal(2, Sim.ApiRequestCount);
        Assert.StartsWith(errorId + ",", Assert.Single(r.Errors).FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData(SimFault.ErrorsArray400)]
    [InlineData(SimFault.InvalidJson400)]
    [InlineData(SimFault.EmptyBody400)]
    public void A_400_is_not_retried(SimFault fault)
    {
        Ps.Connect(Sim, Connect);
        Ps.Set("photo", Jpeg());
        Sim.Script("a@example.com", fault);

        var r = Ps.Run("Set-ZoomUserPicture -UserId a@example.com -ImageData $photo");

        var x = Assert.Single(r.Results);
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal(400, x.Prop<int>("HttpStatus"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        Assert.Equal(1, Sim.ApiRequestCount);
    }

    [Fact]
    public void A_404_is_not_retried()
    {
        Ps.Connect(Sim, Connect);
        Ps.Set("photo", Jpeg());
        Sim.MissingUsers.Add("ghost@example.com");

        var r = Ps.Run("Set-ZoomUserPicture -UserId ghost@example.com -ImageData $photo");

        Assert.Equal(1, Assert.Single(r.Results).Prop<int>("Attempts"));
        Assert.Equal(1, Sim.ApiRequestCount);
    }

    [Fact]
    public void Waiting_for_a_permit_does_not_count_against_TimeoutSec()
    {
        // Four requests a second and sixteen workers: the later rows wait up to four seconds for
        // their turn, twice -TimeoutSec. Only the exchange with Zoom is timed, so none times out.
        Ps.Connect(Sim, "-RequestsPerSecond 4 -TimeoutSec 2");
        Ps.Set("photo", Jpeg());

        var r = Ps.Run(BulkInput.PictureRows(16) + " | Set-ZoomUserPicture -ThrottleLimit 16");

        r.ThrowIfFailed();
        Assert.All(r.Results, x =>
        {
            Assert.Equal("Succeeded", x.Str("Status"));
            Assert.Equal(1, x.Prop<int>("Attempts"));
        });
        Assert.Equal(16, Sim.ApiRequestCount);
    }
}
