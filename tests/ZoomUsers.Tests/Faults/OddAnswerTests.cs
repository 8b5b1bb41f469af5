using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Faults;

/// <summary>Zoom's odd answers become a clear message on the row's result, never a crash of the run.</summary>
public sealed class OddAnswerTests : ModuleTest
{
    [Theory]
    // A validation failure with field errors: code, message and each field end up in the message.
    [InlineData(SimFault.ErrorsArray400, 1, "PasswordRejected", 400, 300, "Validation Failed. (password: Invalid field.)")]
    [InlineData(SimFault.InvalidJson400, 1, "BadRequest", 400, null, "HTTP 400 Bad Request: the answer was a body that is not valid JSON.")]
    [InlineData(SimFault.EmptyBody400, 1, "BadRequest", 400, null, "HTTP 400 Bad Request: the answer was an empty body.")]
    // 5xx are retried first (-MaxRetryCount 1 here: two attempts, and two more in the run's second round,
    // which the message then names): the message describes the last answer. The round is offered only
    // while most of the connection's recent attempts succeed, so the fine row goes first, alone
    // (-ThrottleLimit 1): its success is counted before the odd row's faults on any machine, however busy.
    [InlineData(SimFault.Html502, 4, "ServerError", 502, null, "HTTP 502 Bad Gateway: the answer was an HTML page (a proxy or gateway error?) instead of Zoom's JSON.")]
    [InlineData(SimFault.EmptyBody500, 4, "ServerError", 500, null, "HTTP 500 Internal Server Error: the answer was an empty body.")]
    public void An_odd_answer_fails_its_row_with_a_clear_message_and_the_run_goes_on(SimFault fault, int times, string errorId, int status, int? code, string message)
    {
        Ps.Connect(Sim, "-MaxRetryCount 1 -RetryBaseDelayMs 10");
        Sim.Script("odd@example.com", Enumerable.Repeat(fault, times).ToArray());

        var csv = WriteCsv("passwords.csv", new[] { "UserId", "Password" }, new[] { "fine@example.com", "Zq8!k7w3m9" }, new[] { "odd@example.com", "Zq8!k7w3m9" });

        var r = Ps.Run("Import-Csv -Path $args[0] | Set-ZoomUserPassword -ThrottleLimit 1 -Confirm:$false", csv);

        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Results.Count);
        var odd = r.Results.Single(x => x.Str("UserId") == "odd@example.com");
        Assert.Equal("Failed", odd.Str("Status"));
        Assert.Equal(errorId, odd.Str("ErrorId"));
        Assert.Equal(status, odd.Prop<int>("HttpStatus"));
        Assert.Equal(code, odd.Prop<int?>("ErrorCode"));
        Assert.StartsWith(message, odd.Str("Message"));
        Assert.Equal(times, odd.Prop<int>("Attempts"));
        Assert.StartsWith($"Could not set the password of 'odd@example.com': {message}", Assert.Single(r.Errors).Exception.Message);
        Assert.Equal("Succeeded", r.Results.Single(x => x.Str("UserId") == "fine@example.com").Str("Status"));
    }
}
