using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Auth
{
    /// <summary>
    /// Holds the current token for every worker of the session. Renewal is single-flight: one worker
    /// asks Zoom while the others wait for its answer, so a bulk run never storms the token service
    /// (which also used to invalidate other tools' tokens).
    /// </summary>
    internal sealed class TokenCache : IDisposable
    {
        private static readonly TimeSpan MaxRenewalMargin = TimeSpan.FromMinutes(1);

        private readonly ITokenSource _source;
        private readonly SemaphoreSlim _renewal = new SemaphoreSlim(1, 1);
        private readonly TimeProvider _time;
        // Token and renewal time travel together so a reader never pairs one with the other's.
        private volatile Entry? _entry;

        /// <param name="time">The connection's clock, which token expiry is read on (null: <see cref="TimeProvider.System"/>).</param>
        public TokenCache(ITokenSource source, AccessToken? initial = null, TimeProvider? time = null)
        {
            _source = source;
            _time = time ?? TimeProvider.System;
            if (initial != null) Store(initial);
        }

        public bool CanRenew => _source.CanRenew;
        public AccessToken? Current => _entry?.Token;

        public async Task<AccessToken> GetAsync(CancellationToken cancellationToken)
        {
            var entry = _entry;
            if (entry != null && (!_source.CanRenew || _time.GetUtcNow() < entry.RenewAt)) return entry.Token;

            await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                entry = _entry;
                if (entry != null && (!_source.CanRenew || _time.GetUtcNow() < entry.RenewAt)) return entry.Token;
                var token = await _source.AcquireAsync(cancellationToken).ConfigureAwait(false);
                Store(token);
                return token;
            }
            finally
            {
                _renewal.Release();
            }
        }

        /// <summary>Zoom said this token is invalid (401 code 124): forget it unless another worker already replaced it.</summary>
        public void Reject(AccessToken token)
        {
            var entry = _entry;
            if (_source.CanRenew && entry != null && ReferenceEquals(entry.Token, token))
                Interlocked.CompareExchange(ref _entry, null, entry);
        }

        private void Store(AccessToken token)
        {
            // Renew a minute early, or a quarter of the lifetime for short-lived tokens: a request
            // sent just before the renewal point must still reach Zoom before the token dies, even
            // from a machine too busy to send it at once.
            var renewAt = DateTimeOffset.MaxValue;
            if (token.ExpiresOn is DateTimeOffset expires)
            {
                var margin = MaxRenewalMargin;
                var lifetime = expires - _time.GetUtcNow();
                if (lifetime.Ticks / 4 < margin.Ticks) margin = TimeSpan.FromTicks(Math.Max(0, lifetime.Ticks / 4));
                renewAt = expires - margin;
            }
            _entry = new Entry(token, renewAt);
        }

        private sealed class Entry
        {
            public Entry(AccessToken token, DateTimeOffset renewAt)
            {
                Token = token;
                RenewAt = renewAt;
            }

            public AccessToken Token { get; }
            public DateTimeOffset RenewAt { get; }
        }

        public void Dispose() => _renewal.Dispose();
    }
}
