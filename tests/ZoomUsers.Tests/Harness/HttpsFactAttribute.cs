namespace ZoomUsers.Tests.Harness;

/// <summary>
/// A test that needs this process to trust the test CA (<see cref="TestTrust"/>): where it cannot, the
/// test is skipped, and the reason shows in the test output ("[SKIP]") and in the runner's Skipped count.
/// xUnit 2 reads <see cref="FactAttribute.Skip"/> from the attribute instance, so setting it here is enough.
/// </summary>
public sealed class HttpsFactAttribute : FactAttribute
{
    public HttpsFactAttribute()
    {
        if (TestTrust.Unavailable is { } reason) Skip = "HTTPS test skipped: it " + reason;
    }
}
