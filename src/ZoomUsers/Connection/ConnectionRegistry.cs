using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ZoomUsers.Connection
{
    /// <summary>
    /// The connection of each PowerShell session (runspace): every cmdlet call in it shares one
    /// token and one rate limiter, and two runspaces in one process never see each other's.
    /// </summary>
    internal static class ConnectionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> Connections = new ConditionalWeakTable<Runspace, Holder>();

        public static ZoomConnection? Current =>
            Runspace.DefaultRunspace is Runspace runspace && Connections.TryGetValue(runspace, out var holder) ? holder.Connection : null;

        public static void Set(ZoomConnection connection)
        {
            var runspace = Runspace.DefaultRunspace;
            var holder = Connections.GetValue(runspace, r =>
            {
                var created = new Holder();
                r.StateChanged += (_, e) =>
                {
                    if (e.RunspaceStateInfo.State == RunspaceState.Closed || e.RunspaceStateInfo.State == RunspaceState.Broken)
                        created.Replace(null);
                };
                return created;
            });
            holder.Replace(connection);
        }

        public static bool Remove() =>
            Runspace.DefaultRunspace is Runspace runspace && Connections.TryGetValue(runspace, out var holder) && holder.Replace(null);

        private sealed class Holder
        {
            private readonly object _gate = new object();

            public ZoomConnection? Connection { get; private set; }

            /// <returns>True when there was a connection to replace.</returns>
            public bool Replace(ZoomConnection? connection)
            {
                ZoomConnection? old;
                lock (_gate)
                {
                    old = Connection;
                    Connection = connection;
                }
                old?.Dispose();
                return old != null;
            }
        }
    }
}
