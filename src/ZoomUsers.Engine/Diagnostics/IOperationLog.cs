namespace ZoomUsers.Diagnostics
{
    /// <summary>
    /// Where the engine reports what it does. The cmdlet layer implements it with a queue drained
    /// on the pipeline thread, because PowerShell's Write* methods may only be called there.
    /// </summary>
    internal interface IOperationLog
    {
        bool VerboseEnabled { get; }
        bool DebugEnabled { get; }
        void Verbose(string message);
        void Debug(string message);
    }
}
