using System;
using System.Management.Automation;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// Ctrl+C (StopProcessing) cancels the call's token; whatever was waiting on it then throws
    /// OperationCanceledException, which PowerShell expects to see as a stopped pipeline.
    /// </summary>
    internal static class PipelineStop
    {
        public static void OnCancel(Action work) => OnCancel(() => { work(); return true; });

        public static T OnCancel<T>(Func<T> work)
        {
            try
            {
                return work();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
