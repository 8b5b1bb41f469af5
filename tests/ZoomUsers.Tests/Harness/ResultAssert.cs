using System.Management.Automation;

namespace ZoomUsers.Tests.Harness;

/// <summary>Assertions on result objects that several suites make the same way.</summary>
public static class ResultAssert
{
    /// <summary>
    /// The run's one result is a row Zoom refused with a 400 on the first attempt: Failed, with Zoom's
    /// code and message and the ErrorId they map to. Returns it for the caller's own checks.
    /// </summary>
    public static PSObject SingleRefusal(PsResult r, int code, string errorId, string message)
    {
        var x = Assert.Single(r.Results);
        Assert.Equal("Failed", x.Str("Status"));
        Assert.Equal(400, x.Prop<int>("HttpStatus"));
        Assert.Equal(code, x.Prop<int>("ErrorCode"));
        Assert.Equal(errorId, x.Str("ErrorId"));
        Assert.Equal(message, x.Str("Message"));
        Assert.Equal(1, x.Prop<int>("Attempts"));
        return x;
    }
}
