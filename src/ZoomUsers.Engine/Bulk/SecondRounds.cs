using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Bulk
{
    /// <summary>
    /// How <see cref="BulkRunner{TMessage}"/> tells a finished row that wants one more set of attempts at
    /// the end of the run (see Api.SecondRound), and lets go of one that will not get it.
    /// </summary>
    internal sealed class SecondRounds<TMessage>
    {
        /// <param name="offered">The second round a row's message offers (run when the rows ahead of it are done), or null: the message is final.</param>
        /// <param name="dropped">A message that will not be delivered (the pipeline ended): release what it holds, a round it offers included.</param>
        /// <param name="parked">A message whose row now waits for its round: let go of what the round can have again (see Api.SecondRound.Park). Null: nothing to do.</param>
        public SecondRounds(Func<TMessage, Func<CancellationToken, Task<TMessage>>?> offered, Action<TMessage> dropped, Action<TMessage>? parked = null)
        {
            Offered = offered;
            Dropped = dropped;
            Parked = parked ?? (_ => { });
        }

        public Func<TMessage, Func<CancellationToken, Task<TMessage>>?> Offered { get; }
        public Action<TMessage> Dropped { get; }
        public Action<TMessage> Parked { get; }
    }
}
