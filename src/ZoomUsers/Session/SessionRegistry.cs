using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ZoomUsers.Connection;

namespace ZoomUsers.Session
{
    /// <summary>
    /// The connection of each PowerShell session (runspace): every cmdlet call in it shares one
    /// token and one rate limiter, and two runspaces in one process never see each other's.
    /// </summary>
    internal static class SessionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> s_sessions = new ConditionalWeakTable<Runspace, Holder>();

        public static ZoomSession? Current =>
            Runspace.DefaultRunspace is Runspace runspace && s_sessions.TryGetValue(runspace, out var holder) ? holder.Session : null;

        public static void Set(ZoomSession session)
        {
            var runspace = Runspace.DefaultRunspace;
            var holder = s_sessions.GetValue(runspace, r =>
            {
                var created = new Holder();
                r.StateChanged += (_, e) =>
                {
                    if (e.RunspaceStateInfo.State == RunspaceState.Closed || e.RunspaceStateInfo.State == RunspaceState.Broken)
                        created.Replace(null);
                };
                return created;
            });
            holder.Replace(session);
        }

        public static bool Remove() =>
            Runspace.DefaultRunspace is Runspace runspace && s_sessions.TryGetValue(runspace, out var holder) && holder.Replace(null);

        private sealed class Holder
        {
            private readonly object _gate = new object();

            public ZoomSession? Session { get; private set; }

            /// <returns>True when there was a session to replace.</returns>
            public bool Replace(ZoomSession? session)
            {
                ZoomSession? old;
                lock (_gate)
                {
                    old = Session;
                    Session = session;
                }
                old?.Dispose();
                return old != null;
            }
        }
    }
}
