using System;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;
using ZoomUsers.Validation;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// Set-ZoomUserPicture's work for one row, apart from PowerShell: settle a file unread when its
    /// path, size and time match its record (the quick check), or else read and check the picture
    /// (hashed and looked up when a state file is kept); settle it without a request (failed, or
    /// skipped because unchanged), or upload it and record the upload. Every result carries the
    /// picture's resolved path. The cmdlet decides where each step runs and asks ShouldProcess.
    /// Safe to use from worker threads. Does not own the state: whoever opened it closes it.
    /// </summary>
    internal sealed class PictureSync
    {
        /// <summary>Zoom's call: <see cref="Connection.ZoomConnection.SetPictureAsync"/> in the module.</summary>
        public delegate Task<UserUpdateResult> Upload(string userId, Picture picture, IOperationLog log, CancellationToken cancellationToken);

        private readonly PictureState? _state;
        private readonly SyncMode _mode;
        private readonly Upload _upload;
        private readonly IOperationLog _log;
        private readonly Func<DateTimeOffset> _now;
        private readonly Fitting.PictureFit? _fit;
        private readonly Looking.PictureLook? _look;

        /// <param name="state">The state file, or null when none is kept (every row uploads, nothing is recorded).</param>
        /// <param name="mode">How an unchanged picture is found (or, <see cref="SyncMode.UploadAll"/>, not looked for).</param>
        /// <param name="fit">With -Fit: how rows are read and checked (the upload then prepares what needs it).</param>
        /// <param name="now">When a file is read, to tell a stamp settled enough to record; the system's clock by default.</param>
        /// <param name="look">With -NoClobber or -BackupPath: the look at the user before each upload.</param>
        public PictureSync(PictureState? state, SyncMode mode, Upload upload, IOperationLog log, Fitting.PictureFit? fit = null, Func<DateTimeOffset>? now = null, Looking.PictureLook? look = null)
        {
            _look = look;
            _state = state;
            _mode = mode;
            _upload = upload;
            _log = log;
            _fit = fit;
            _now = now ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>An unchanged picture may be skipped: a state file is kept and -Force is not given.</summary>
        public bool SkipsUnchanged => _state != null && _mode != SyncMode.UploadAll;

        /// <summary>
        /// A file already resolved to a full path: settled by the quick check without being opened,
        /// or else read, checked and (with a state) hashed. The quick check comes first even with
        /// -Fit, so an unchanged source is neither read nor decoded.
        /// </summary>
        public PictureRow ReadFile(string userId, string fullPath)
        {
            if (_state != null && _mode == SyncMode.QuickCheck && PictureRow.UnchangedFile(userId, fullPath, _state, _fit?.Settings.Key) is PictureRow unchanged)
                return unchanged;
            return PictureRow.FromFile(userId, fullPath, _state, _now(), _fit);
        }

        /// <summary>Checks bytes given directly (an AD user's thumbnailPhoto).</summary>
        public PictureRow ReadBytes(string userId, byte[]? bytes) => PictureRow.FromBytes(userId, bytes, _state, _fit);

        /// <summary>The row's result without a request (Failed or Skipped), or null when it is to be uploaded.</summary>
        public UserUpdateResult? Settle(PictureRow row)
        {
            UserUpdateResult result;
            if (row.Failure != null)
                result = UserUpdateResult.Failed(row.UserId, ZoomOperation.SetPicture, row.Failure);
            else if (SkipsUnchanged && row.UnchangedSince is DateTimeOffset since)
                result = UserUpdateResult.Skipped(row.UserId, ZoomOperation.SetPicture,
                    $"Unchanged since it was uploaded on {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (state file).");
            else
                return null;
            result.Path = row.Path;
            return result;
        }

        /// <summary>The whole row, on a worker: settled without a request, or uploaded and recorded.</summary>
        public async Task<UserUpdateResult> RunAsync(PictureRow row, CancellationToken cancellationToken) =>
            Settle(row) ?? await UploadAsync(row, cancellationToken).ConfigureAwait(false);

        /// <summary>Uploads a row that <see cref="Settle"/> left to upload; records it when Zoom took it.</summary>
        public async Task<UserUpdateResult> UploadAsync(PictureRow row, CancellationToken cancellationToken)
        {
            var picture = row.Picture ?? throw new InvalidOperationException($"The picture row for '{row.UserId}' failed its checks and has nothing to upload.");
            if (_look != null && await _look.BeforeChangeAsync(row.UserId, ZoomOperation.SetPicture, _log, cancellationToken).ConfigureAwait(false) is UserUpdateResult settled)
            {
                settled.Path = row.Path;
                return settled;
            }
            if (_log.VerboseEnabled)
                _log.Verbose($"Uploading {picture.FileName} ({picture.Length:N0} bytes, {picture.ContentType}) as the profile picture of '{row.UserId}'.");
            var result = await _upload(row.UserId, picture, _log, cancellationToken).ConfigureAwait(false);
            return result.Finish(r => Recorded(row, r));
        }

        /// <summary>The row's path on its result, and the upload in the state file when Zoom took it.</summary>
        private UserUpdateResult Recorded(PictureRow row, UserUpdateResult result)
        {
            result.Path = row.Path;
            if (_state != null && row.Digest is PictureDigest digest && result.Status == UpdateStatus.Succeeded)
            {
                try
                {
                    _state.Record(row.UserId, digest, row.Stamp, _now(), row.Preparation);
                }
                catch (StateFileException ex)
                {
                    // Zoom has the picture; only the memory of it is missing, so the next run uploads it again.
                    result.Message = "Uploaded, but not recorded: " + ex.Message;
                }
            }
            return result;
        }
    }
}
