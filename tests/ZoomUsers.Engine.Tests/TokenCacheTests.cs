using Microsoft.Extensions.Time.Testing;
using ZoomUsers.Auth;

namespace ZoomUsers.Engine.Tests;

public sealed class TokenCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now
    {
        get => _time.GetUtcNow();
        set => _time.SetUtcNow(value);
    }

    [Fact]
    public async Task Many_workers_asking_at_once_cause_one_token_request()
    {
        var source = new CountingSource(() => Now, TimeSpan.FromHours(1), delay: TimeSpan.FromMilliseconds(50));
        using var cache = new TokenCache(source, time: _time);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetAsync(CancellationToken.None))));

        Assert.Equal(1, source.Calls);
        Assert.Single(tokens.Distinct());
    }

    [Fact]
    public async Task A_token_is_renewed_a_minute_before_it_expires()
    {
        var source = new CountingSource(() => Now, TimeSpan.FromHours(1));
        using var cache = new TokenCache(source, time: _time);
        var first = await cache.GetAsync(CancellationToken.None);

        Now = Now.AddMinutes(58);
        Assert.Same(first, await cache.GetAsync(CancellationToken.None));

        Now = Now.AddSeconds(61);
        Assert.NotSame(first, await cache.GetAsync(CancellationToken.None));
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task A_rejected_token_is_replaced_once_even_when_many_workers_report_it()
    {
        var source = new CountingSource(() => Now, TimeSpan.FromHours(1));
        using var cache = new TokenCache(source, time: _time);
        var first = await cache.GetAsync(CancellationToken.None);

        cache.Reject(first);
        var second = await cache.GetAsync(CancellationToken.None);
        cache.Reject(first); // a late report about the old token must not drop the new one

        Assert.Same(second, await cache.GetAsync(CancellationToken.None));
        Assert.Equal(2, source.Calls);
    }

    private sealed class CountingSource : ITokenSource
    {
        private readonly Func<DateTimeOffset> _now;
        private readonly TimeSpan _lifetime;
        private readonly TimeSpan _delay;
        private int _calls;

        public CountingSource(Func<DateTimeOffset> now, TimeSpan lifetime, TimeSpan delay = default)
        {
            _now = now;
            _lifetime = lifetime;
            _delay = delay;
        }

        public int Calls => _calls;
        public bool CanRenew => true;

        public async Task<AccessToken> AcquireAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _calls);
            if (_delay > TimeSpan.Zero) await Task.Delay(_delay, cancellationToken);
            return new AccessToken("token-" + n, _now() + _lifetime, new[] { "user:write:admin" }, null);
        }
    }
}
