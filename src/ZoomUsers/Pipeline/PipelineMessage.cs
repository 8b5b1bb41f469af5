namespace ZoomUsers.Pipeline
{
    /// <summary>What a worker hands to the pipeline thread: a row's result, or a line for the verbose or debug stream.</summary>
    internal sealed class PipelineMessage
    {
        private PipelineMessage(UserUpdateResult? result, string? text, bool isDebug)
        {
            Result = result;
            Text = text;
            IsDebug = isDebug;
        }

        public UserUpdateResult? Result { get; }
        public string? Text { get; }
        public bool IsDebug { get; }

        public static PipelineMessage ForResult(UserUpdateResult result) => new PipelineMessage(result, null, false);
        public static PipelineMessage Verbose(string text) => new PipelineMessage(null, text, false);
        public static PipelineMessage Debug(string text) => new PipelineMessage(null, text, true);
    }
}
