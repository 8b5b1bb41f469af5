using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Looking
{
    /// <summary>-NoClobber: a user who has a picture keeps it; the row is Skipped and says why.</summary>
    internal sealed class NoClobber : ILookStep
    {
        public Task<UserUpdateResult?> BeforeChangeAsync(ZoomUser user, string userId, ZoomOperation operation, IOperationLog log, CancellationToken cancellationToken) =>
            Task.FromResult(user.HasPicture
                ? UserUpdateResult.Skipped(userId, operation, "Not uploaded: the user already has a profile picture in Zoom (-NoClobber keeps it).")
                : null);
    }
}
