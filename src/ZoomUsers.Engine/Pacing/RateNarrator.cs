namespace ZoomUsers.Pacing
{
    /// <summary>
    /// What -Verbose says about the rate: every cut and every limit learned, and growth only when it is
    /// news (a rise of a quarter since the admin last heard, the ceiling reached, probing begun), so a
    /// run's verbose stream tells the story in a few lines, not one per answer.
    /// </summary>
    internal sealed class RateNarrator
    {
        /// <summary>Growth is told when the rate stands this many times above the rate last told.</summary>
        private const double ReportStep = 1.25;

        private double _told;
        private bool _probingTold;

        public RateNarrator(double startRate) => _told = startRate;

        /// <summary>A cut: always told, and the next growth is measured from it.</summary>
        public RateChange Cut(double from, double to, string why, double at, double hold)
        {
            _told = to;
            _probingTold = false;
            return new RateChange(from, to,
                $"{why} at about {RateCeiling.Format(at)}/s; slowing to {RateCeiling.Format(to)}/s, then back to {RateCeiling.Format(hold)}/s and holding there");
        }

        /// <summary>Something learned (a limit), told with the rate as it stands.</summary>
        public RateChange? Tell(double from, double to, string? why)
        {
            if (why == null) return null;
            _told = to;
            return new RateChange(from, to, why);
        }

        /// <summary>The rate rose from <paramref name="before"/> to <paramref name="rate"/>: told when it is news.</summary>
        public RateChange? Growth(double before, double rate, RatePhase phase, double ceiling, double hold)
        {
            if (rate <= before) return null;
            var from = _told; // how far it moved since the admin last heard
            if (phase == RatePhase.Probing && !_probingTold)
            {
                _probingTold = true;
                return Tell(from, rate, $"no refusal for {RateLaw.HoldTime.TotalSeconds:0} s: probing slowly above {RateCeiling.Format(hold)}/s");
            }
            var atCeiling = rate >= ceiling - 1e-9;
            if ((atCeiling && _told < ceiling - 1e-9) || rate >= _told * ReportStep)
                return Tell(from, rate, atCeiling
                    ? $"answers came back clean; reached the ceiling of {RateCeiling.Format(ceiling)}/s"
                    : "answers came back clean, so the rate rises");
            return null;
        }
    }
}
