namespace ZoomUsers.Engine.Tests;

/// <summary>
/// A theory that needs this process to trust a throwaway CA: .NET reads SSL_CERT_FILE on Linux
/// only (the OS store decides on Windows and macOS), so elsewhere it is skipped, with that reason.
/// </summary>
public sealed class ProcessTrustTheoryAttribute : TheoryAttribute
{
    public ProcessTrustTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Needs the test CA trusted through SSL_CERT_FILE, which .NET reads on Linux only.";
    }
}
