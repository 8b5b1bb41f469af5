using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Looking
{
    /// <summary>One thing to do with a user as Zoom has them, before their picture changes: let the change go (null), or settle the row (Skipped or Failed).</summary>
    internal interface ILookStep
    {
        Task<UserUpdateResult?> BeforeChangeAsync(ZoomUser user, string userId, ZoomOperation operation, IOperationLog log, CancellationToken cancellationToken);
    }
}
