namespace ZoomUsers.Pacing
{
    /// <summary>How the connection's request rate is decided.</summary>
    public enum RateMode
    {
        /// <summary>No -RequestsPerSecond: the pacer finds the account's limit from rate headers and 429s.</summary>
        Adaptive,

        /// <summary>-RequestsPerSecond N: a ceiling never exceeded in any one-second window; the pacer still slows below it on 429s.</summary>
        Fixed,
    }
}
