using System;

namespace ZoomUsers.Commands
{
    /// <summary>The exception inside a failed row's ErrorRecord. Its message is the report's message: no secret ever.</summary>
    public sealed class ZoomUserUpdateException : Exception
    {
        public ZoomUserUpdateException(string message) : base(message) { }
    }
}
