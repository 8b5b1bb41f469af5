using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;
using ZoomUsers.Results;

namespace ZoomUsers.Looking
{
    /// <summary>
    /// Look before you change: one GET /users/{userId} (Zoom's Light budget) for a row about to change a
    /// picture, then its steps in order (-NoClobber, then -BackupPath), the first to settle the row
    /// ending it. A lookup that fails fails the row, with the lookup's ErrorId: nothing is changed for a
    /// user who could not be looked at. Rows settled without a request (bad files, unchanged pictures)
    /// never get here, so they send nothing.
    /// </summary>
    internal sealed class PictureLook
    {
        /// <summary>Zoom's call: <see cref="Connection.ZoomConnection.GetUserAsync"/> in the module.</summary>
        public delegate Task<UserUpdateResult> LookUp(string userId, IOperationLog? log, CancellationToken cancellationToken);

        private readonly LookUp _lookUp;
        private readonly IReadOnlyList<ILookStep> _steps;

        public PictureLook(LookUp lookUp, IReadOnlyList<ILookStep> steps)
        {
            _lookUp = lookUp;
            _steps = steps;
        }

        /// <summary>null: go on with the change; otherwise the row's result (Skipped, or Failed).</summary>
        public async Task<UserUpdateResult?> BeforeChangeAsync(string userId, ZoomOperation operation, IOperationLog log, CancellationToken cancellationToken)
        {
            var found = await _lookUp(userId, log, cancellationToken).ConfigureAwait(false);
            found.SecondRound?.Abandon(); // the row's change waits on this answer: no later round
            if (found.Status != UpdateStatus.Succeeded || found.User == null)
            {
                var failed = UserUpdateResult.Failed(userId, operation, new ZoomFailure(
                    found.ErrorId ?? ErrorIds.InternalError, found.Category,
                    $"Looked up before the change, which was not made: {found.Message}", found.HttpStatus, found.ErrorCode));
                failed.TrackingId = found.TrackingId;
                failed.Attempts = found.Attempts;
                failed.Duration = found.Duration;
                return failed;
            }
            foreach (var step in _steps)
                if (await step.BeforeChangeAsync(found.User, userId, operation, log, cancellationToken).ConfigureAwait(false) is UserUpdateResult settled)
                    return settled;
            return null;
        }
    }
}
