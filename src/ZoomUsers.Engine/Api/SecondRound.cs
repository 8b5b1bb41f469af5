using System;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Results;

namespace ZoomUsers.Api
{
    /// <summary>
    /// One more full set of attempts for a row whose first set met transient faults alone (5xx, dropped
    /// connections, timeouts): offered with the row's failed result, run once the rows ahead of it are
    /// done (BulkRunner), or abandoned. Each layer that finishes a row's result (its path, the state
    /// file, the -Fit description) adds its step with <see cref="UserUpdateResult.Finish"/>, so the
    /// second result is finished as the first was.
    /// <para>
    /// What the row holds for the round (a password's body, a generated password) is let go of by the
    /// steps given to <see cref="Finally"/>, which run once, when <see cref="RunAsync"/> ends or when
    /// <see cref="Abandon"/> is called. Whoever holds an offered round must do one or the other: the
    /// bulk runner runs it or abandons it, a result written as it is abandons it, and so does a stopped
    /// or failed run for every row still waiting.
    /// </para>
    /// <para>
    /// What a parked row can have again (a prepared picture, prepared again from its source) it lets go
    /// of with <see cref="WhileParked"/> and has again with <see cref="BeforeAttempts"/>, which runs
    /// when the round is due, before its attempts: a failure there is the round's result.
    /// </para>
    /// </summary>
    internal sealed class SecondRound
    {
        private static int _held;

        private readonly UserUpdateResult _first;
        private readonly Func<bool> _worthIt;
        private readonly Func<string?>? _tooLate;
        private Func<CancellationToken, Task<UserUpdateResult>> _run;
        private Action? _whileParked;
        private Func<CancellationToken, Task<ZoomFailure?>>? _haveAgain;
        private Action? _release;
        private int _released;

        /// <param name="first">The first set's result: the row's result when the second round is not worth running after all.</param>
        /// <param name="worthIt">Asked when the round is due: false while most recent attempts are failing (a service that is down is not hammered).</param>
        /// <param name="run">The second set of attempts.</param>
        /// <param name="tooLate">Asked when the round is due: why it may no longer be sent (added to the first result's message), or null.</param>
        public SecondRound(UserUpdateResult first, Func<bool> worthIt, Func<CancellationToken, Task<UserUpdateResult>> run, Func<string?>? tooLate = null)
        {
            _first = first;
            _worthIt = worthIt;
            _run = ct => AttemptsAsync(run, ct);
            _tooLate = tooLate;
            Interlocked.Increment(ref _held);
        }

        /// <summary>Rounds offered in this process and not yet released: what a leak check reads.</summary>
        internal static int Held => Volatile.Read(ref _held);

        /// <summary>Adds a step that finishes the second round's result, after those added before it.</summary>
        public void Then(Func<UserUpdateResult, UserUpdateResult> finish)
        {
            var run = _run;
            _run = async ct => finish(await run(ct).ConfigureAwait(false));
        }

        /// <summary>Something to let go of once the row is done, whether the round ran or not.</summary>
        public void Finally(Action release) => _release += release;

        /// <summary>
        /// Something the row can let go of while it waits for the round and have again when the round
        /// runs (a file's bytes, read again from its path): the round's attempts must not count on it.
        /// </summary>
        public void WhileParked(Action letGo) => _whileParked += letGo;

        /// <summary>
        /// Something to do when the round is due, before its attempts, after those added before it: have
        /// again what was let go of while parked. A failure (say, the picture's file is gone) is the
        /// round's result, finished like any other, and no attempt is made.
        /// </summary>
        public void BeforeAttempts(Func<CancellationToken, Task<ZoomFailure?>> haveAgain)
        {
            var before = _haveAgain;
            _haveAgain = before == null ? haveAgain : async ct => await before(ct).ConfigureAwait(false) ?? await haveAgain(ct).ConfigureAwait(false);
        }

        /// <summary>The row waits for its round: it lets go of what it can have again. Called once, by the bulk runner.</summary>
        public void Park() => Interlocked.Exchange(ref _whileParked, null)?.Invoke();

        /// <summary>The row's final result: the second set's, or the first one's when the round is not worth running or may no longer be sent.</summary>
        public async Task<UserUpdateResult> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (Volatile.Read(ref _released) != 0 || cancellationToken.IsCancellationRequested || !_worthIt()) return _first;
                if (_tooLate?.Invoke() is string why)
                {
                    _first.Message = $"{_first.Message} ({why})";
                    return _first;
                }
                return await _run(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Abandon();
            }
        }

        private async Task<UserUpdateResult> AttemptsAsync(Func<CancellationToken, Task<UserUpdateResult>> attempts, CancellationToken cancellationToken)
        {
            if (_haveAgain is { } haveAgain && await haveAgain(cancellationToken).ConfigureAwait(false) is ZoomFailure failure)
            {
                var failed = UserUpdateResult.Failed(_first.UserId, _first.Operation, failure);
                failed.Attempts = _first.Attempts;
                failed.Duration = _first.Duration;
                failed.Message = $"{failed.Message} (Found when the row was due to be tried again at the end of the run: the first {_first.Attempts} attempts met transient faults only.)";
                return failed;
            }
            return await attempts(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The round will not run (or has run): release what the row held for it. Safe to call more than once.</summary>
        public void Abandon()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            _whileParked = null;
            _haveAgain = null;
            _run = null!; // the attempts' closure, and what it captured, is no longer reachable from here
            try
            {
                Interlocked.Exchange(ref _release, null)?.Invoke();
            }
            finally
            {
                Interlocked.Decrement(ref _held);
            }
        }
    }
}
