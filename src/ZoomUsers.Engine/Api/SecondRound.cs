using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Api
{
    /// <summary>
    /// One more full set of attempts for a row whose first set met transient faults alone (5xx, dropped
    /// connections, timeouts): offered with the row's failed result, run once the rows ahead of it are
    /// done (BulkRunner), or abandoned (the run was stopped). Each layer that finishes a row's result
    /// (its path, the state file, the -Fit description) adds its step with <see cref="UserUpdateResult.Finish"/>,
    /// so the second result is finished as the first was; what the row holds for it (a password's
    /// body) is released once, whichever way it ends.
    /// </summary>
    internal sealed class SecondRound
    {
        private readonly UserUpdateResult _first;
        private readonly Func<bool> _worthIt;
        private Func<CancellationToken, Task<UserUpdateResult>> _run;
        private Action? _release;

        /// <param name="first">The first set's result: the row's result when the second round is not worth running after all.</param>
        /// <param name="worthIt">Asked when the round is due: false while most recent attempts are failing (a service that is down is not hammered).</param>
        /// <param name="run">The second set of attempts.</param>
        public SecondRound(UserUpdateResult first, Func<bool> worthIt, Func<CancellationToken, Task<UserUpdateResult>> run)
        {
            _first = first;
            _worthIt = worthIt;
            _run = run;
        }

        /// <summary>Adds a step that finishes the second round's result, after those added before it.</summary>
        public void Then(Func<UserUpdateResult, UserUpdateResult> finish)
        {
            var run = _run;
            _run = async ct => finish(await run(ct).ConfigureAwait(false));
        }

        /// <summary>Something to let go of once the row is done, whether the round ran or not.</summary>
        public void Finally(Action release) => _release += release;

        /// <summary>The row's final result: the second set's, or the first one's when the service is failing now.</summary>
        public async Task<UserUpdateResult> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (cancellationToken.IsCancellationRequested || !_worthIt()) return _first;
                return await _run(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Abandon();
            }
        }

        /// <summary>The round will not run (or has run): release what the row held for it. Safe to call more than once.</summary>
        public void Abandon() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
