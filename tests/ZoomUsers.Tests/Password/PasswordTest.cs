using System.Text;
using ZoomUsers.Simulator;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Password;

/// <summary>What the password suites share: a fast connection and a look at what the server received.</summary>
public abstract class PasswordTest : ModuleTest
{
    /// <summary>The FullyQualifiedErrorId suffix every row error of the cmdlet carries.</summary>
    protected const string Cmdlet = ",ZoomUsers.Commands.SetZoomUserPasswordCommand";

    protected void Connect(string extra = "") => Ps.Connect(Sim, "-RequestsPerSecond 1000 " + extra);

    protected IEnumerable<RecordedRequest> PasswordPuts(string? userId = null) =>
        Sim.Requests.Where(q => q.Method == "PUT" && q.Path.EndsWith("/password", StringComparison.Ordinal)
                                && (userId == null || string.Equals(q.UserId, userId, StringComparison.OrdinalIgnoreCase)));

    protected IEnumerable<RecordedRequest> SettingsReads() =>
        Sim.Requests.Where(q => q.Method == "GET" && q.Path.StartsWith("/v2/accounts/", StringComparison.Ordinal));

    protected static string BodyText(RecordedRequest request) => Encoding.UTF8.GetString(request.Body);
}
