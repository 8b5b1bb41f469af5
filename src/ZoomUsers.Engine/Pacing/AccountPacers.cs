using System;

namespace ZoomUsers.Pacing
{
    /// <summary>
    /// One <see cref="AccountPacer"/> per rate-limit label, each learning its own budget from Zoom's
    /// answers as a lone pacer does: lookups (Light) never wait behind uploads (Medium), and a 429 on one
    /// label pauses that label only. -RequestsPerSecond caps each.
    /// </summary>
    internal sealed class AccountPacers : IDisposable
    {
        private readonly AccountPacer _medium;
        private readonly AccountPacer _light;

        public AccountPacers(double? requestsPerSecond, TimeProvider time, Func<double>? random = null)
        {
            _medium = new AccountPacer(requestsPerSecond, time, random);
            try
            {
                _light = new AccountPacer(requestsPerSecond, time, random);
            }
            catch
            {
                _medium.Dispose();
                throw;
            }
        }

        public AccountPacer Medium => _medium;

        public AccountPacer Light => _light;

        public AccountPacer For(RateLabel label) => label == RateLabel.Light ? _light : _medium;

        /// <summary>
        /// Rows worth having in flight when each row sends one request of every label in
        /// <paramref name="labels"/> in turn: the slowest label's rate times the time a row holds its
        /// slot across all of them (Little's law, with <see cref="AccountPacer"/>'s margin).
        /// </summary>
        public int SuggestedConcurrency(params RateLabel[] labels)
        {
            if (labels == null || labels.Length == 0) return _medium.SuggestedConcurrency;
            if (labels.Length == 1) return For(labels[0]).SuggestedConcurrency;
            var rate = double.MaxValue;
            var slot = 0.0;
            foreach (var label in labels)
            {
                var pacer = For(label);
                rate = Math.Min(rate, pacer.CurrentRate);
                slot += pacer.SlotSeconds;
            }
            return AccountPacer.RowsInFlight(rate, slot);
        }

        public void Dispose()
        {
            _medium.Dispose();
            _light.Dispose();
        }
    }
}
