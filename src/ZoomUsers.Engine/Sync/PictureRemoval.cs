using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// Remove-ZoomUserPicture's work for one row, apart from PowerShell: Zoom's DELETE, then (with a
    /// state file) the user's record dropped, so the next Set-ZoomUserPicture -StatePath uploads the
    /// picture again instead of skipping it as unchanged. Safe to use from worker threads. Does not
    /// own the state: whoever opened it closes it.
    /// </summary>
    internal sealed class PictureRemoval
    {
        /// <summary>Zoom's call: <see cref="Connection.ZoomConnection.RemovePictureAsync"/> in the module.</summary>
        public delegate Task<UserUpdateResult> Remove(string userId, IOperationLog log, CancellationToken cancellationToken);

        private readonly PictureState? _state;
        private readonly Remove _remove;
        private readonly IOperationLog _log;
        private readonly Looking.PictureLook? _look;

        /// <param name="state">The state file Set-ZoomUserPicture keeps, or null.</param>
        /// <param name="look">With -BackupPath: the look at the user (and the backup) before each removal.</param>
        public PictureRemoval(PictureState? state, Remove remove, IOperationLog log, Looking.PictureLook? look = null)
        {
            _look = look;
            _state = state;
            _remove = remove;
            _log = log;
        }

        public async Task<UserUpdateResult> RunAsync(string userId, CancellationToken cancellationToken)
        {
            if (_look != null && await _look.BeforeChangeAsync(userId, ZoomOperation.RemovePicture, _log, cancellationToken).ConfigureAwait(false) is UserUpdateResult settled)
                return settled;
            var result = await _remove(userId, _log, cancellationToken).ConfigureAwait(false);
            return result.Finish(r => Forgotten(userId, r));
        }

        /// <summary>With a state file, a removed picture's record dropped.</summary>
        private UserUpdateResult Forgotten(string userId, UserUpdateResult result)
        {
            if (_state == null || result.Status != UpdateStatus.Succeeded) return result;
            try
            {
                if (!_state.Forget(userId))
                    result.Message = "Picture removed, but the run was stopped before the state file could drop its record: " +
                                     "the next Set-ZoomUserPicture -StatePath skips this user's unchanged picture unless run with -Force.";
            }
            catch (StateFileException ex)
            {
                // Forget drops the record in memory before it journals: the state file written at the end of the run lacks it.
                result.Message = "Picture removed. Its record is dropped from the state file when this run ends " +
                                 "(if the run is stopped before, run Set-ZoomUserPicture -Force for this user). " + ex.Message;
            }
            return result;
        }
    }
}
