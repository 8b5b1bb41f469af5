using ZoomUsers.Api;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Http
{
    /// <summary>
    /// One row's request across its attempts: what it is, where its log goes, and how many attempts
    /// the pacer let go. Each handler of an attempt is given it (<see cref="AttemptSender"/>), so they can log
    /// and count without knowing which operation they serve; what each attempt came to is its <see cref="ZoomAnswer"/>.
    /// </summary>
    internal sealed class OperationState
    {
        private int _attempts;

        public OperationState(string description, IOperationLog? log, Pacing.RateLabel label = Pacing.RateLabel.Medium)
        {
            Description = description;
            Log = log;
            Label = label;
        }

        /// <summary>Zoom's rate-limit label of the endpoint: which of the account's budgets paces it.</summary>
        public Pacing.RateLabel Label { get; }

        public string Description { get; }
        public IOperationLog? Log { get; }
        /// <summary>Requests really released to the network (a row stopped by the daily limit before sending has none).</summary>
        public int Attempts => _attempts;
        /// <summary>The retries spent so far; only <see cref="RetryPolicy"/> takes from it.</summary>
        public RetryBudget Retries { get; private set; } = new RetryBudget();
        /// <summary>An earlier attempt may have reached Zoom and been applied (timeout, dropped connection, 5xx).</summary>
        public bool EarlierAttemptMayHaveLanded { get; private set; }

        /// <summary>
        /// When the first attempt that may have landed was let go to the pacer, on the connection's clock
        /// (a timestamp); null while none may have. The change may be in place since then.
        /// </summary>
        public long? FirstMayHaveLanded { get; private set; }

        /// <summary>When the last attempt's exchange ended, on the pacer's clock (a timestamp); null before the first.</summary>
        public long? LastAttemptEnded { get; set; }

        /// <summary>The pacer let an attempt go.</summary>
        public void Released() => _attempts++;

        /// <summary>What an attempt came to, as far as the attempts after it need to know.</summary>
        /// <param name="startedAt">When the attempt began (before its pacer wait), on the connection's clock.</param>
        public void Record(ZoomAnswer answer, long startedAt)
        {
            if (!answer.MayHaveLanded) return;
            EarlierAttemptMayHaveLanded = true;
            FirstMayHaveLanded ??= startedAt;
        }

        /// <summary>
        /// A second full set of attempts (<see cref="SecondRound"/>): a fresh retry budget; attempts and
        /// what may have landed carry over (a password the first set applied is then found in place).
        /// The wait at the end of the run is not a retry backoff the row's slot was held through.
        /// </summary>
        public void StartSecondRound()
        {
            Retries = new RetryBudget();
            LastAttemptEnded = null;
        }

    }
}
