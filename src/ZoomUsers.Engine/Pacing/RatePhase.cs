namespace ZoomUsers.Pacing
{
    /// <summary>Where <see cref="RateLaw"/> is between one refusal and the next (TCP's and CUBIC's phases, named).</summary>
    internal enum RatePhase
    {
        /// <summary>No refusal yet: the rate multiplies per second of clean answers, up to the ceiling.</summary>
        SlowStart,

        /// <summary>Just cut by a refusal: regrowing concavely, over <see cref="RateLaw.RecoveryTime"/>, to the hold rate.</summary>
        Recovering,

        /// <summary>At the hold rate, just below where refusals began, until <see cref="RateLaw.HoldTime"/> after the cut.</summary>
        Holding,

        /// <summary>No refusal for <see cref="RateLaw.HoldTime"/>: climbing slowly (<see cref="RateLaw.ProbeSlope"/>) to find released capacity.</summary>
        Probing,
    }
}
