namespace ZoomUsers.Results
{
    /// <summary>
    /// The engine's own vocabulary for what kind of failure a row met. The names match
    /// PowerShell's ErrorCategory members so the cmdlet layer maps them one to one, while the
    /// engine stays free of PowerShell types.
    /// </summary>
    internal enum FailureCategory
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        PermissionDenied,
        AuthenticationError,
        LimitsExceeded,
        ConnectionError,
        OperationTimeout,
        ResourceUnavailable,
        ProtocolError,
        InvalidOperation,
        OperationStopped,
        ReadError,
        ResourceBusy,
        SecurityError,
    }
}
