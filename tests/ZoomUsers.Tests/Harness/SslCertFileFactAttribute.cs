namespace ZoomUsers.Tests.Harness;

/// <summary>
/// A test of trust through SSL_CERT_FILE, which .NET honours on Linux only (Windows and macOS read the
/// OS's store): elsewhere it is skipped, with the reason in the test output and the Skipped count.
/// </summary>
public sealed class SslCertFileFactAttribute : FactAttribute
{
    public SslCertFileFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "SSL_CERT_FILE test skipped: .NET reads SSL_CERT_FILE on Linux only";
    }
}
