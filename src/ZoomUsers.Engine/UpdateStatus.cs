namespace ZoomUsers
{
    /// <summary>How a row ended: the result's <see cref="UserUpdateResult.Status"/>.</summary>
    public enum UpdateStatus
    {
        Succeeded,
        Failed,
        /// <summary>Nothing to do (the picture is unchanged since the state file's record): no request, no error.</summary>
        Skipped,
    }
}
