using System;
using ZoomUsers.Results;
using ZoomUsers.Validation;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// One picture row, settled by its file's stamp alone or read, checked and (with a state file)
    /// hashed and looked up, off the pipeline thread: what the cmdlet needs to decide, on the pipeline thread, whether to skip it,
    /// fail it or ask ShouldProcess and upload it.
    /// </summary>
    internal sealed class PictureRow
    {
        private PictureRow(string userId, string? path)
        {
            UserId = userId;
            Path = path;
        }

        public string UserId { get; }
        /// <summary>The resolved file, or null for bytes.</summary>
        public string? Path { get; }
        /// <summary>Null when the row failed its checks (<see cref="Failure"/> says why).</summary>
        public Picture? Picture { get; private set; }
        internal ZoomFailure? Failure { get; private set; }
        /// <summary>The SHA-256 of the bytes (with -Fit, of the source), computed only when a state file is kept: the picture's own (<see cref="Validation.Picture.Digest"/>).</summary>
        public PictureDigest? Digest => Picture?.Digest;
        /// <summary>When the state file says these very bytes were uploaded for this user.</summary>
        public DateTimeOffset? UnchangedSince { get; private set; }
        /// <summary>The file's stamp taken before it was read, when settled enough to record (see <see cref="FileStamp.SettleTime"/>).</summary>
        public FileStamp? Stamp { get; private set; }

        /// <summary>
        /// The quick check: a row settled as unchanged from the file's metadata alone (its path, size
        /// and last-write time match the user's record), without opening it; null when they do not.
        /// </summary>
        /// <param name="fit">The run's -Fit settings (<see cref="Fitting.FitSettings.Key"/>), or null without -Fit: a record made under others does not settle the row unread.</param>
        public static PictureRow? UnchangedFile(string userId, string fullPath, PictureState state, string? fit = null) =>
            FileStamp.Of(fullPath) is FileStamp stamp && state.TryGetUnchanged(userId, stamp, out var since, fit)
                ? new PictureRow(userId, fullPath) { UnchangedSince = since }
                : null;

        /// <summary>Reads and checks a file (already resolved to a full path), then (with a state) hashes and looks it up.</summary>
        /// <param name="fit">With -Fit: reads any size and format it can prepare, and plans from the header.</param>
        public static PictureRow FromFile(string userId, string fullPath, PictureState? state, DateTimeOffset now, Fitting.PictureFit? fit = null)
        {
            var row = new PictureRow(userId, fullPath);
            if (state != null && FileStamp.Of(fullPath) is FileStamp stamp && stamp.SettledBefore(now)) row.Stamp = stamp;
            return row.Check(fit != null ? fit.ReadFile(fullPath) : Picture.FromFile(fullPath), state, fit);
        }

        public static PictureRow FromBytes(string userId, byte[]? bytes, PictureState? state, Fitting.PictureFit? fit = null)
        {
            var row = new PictureRow(userId, null);
            var what = $"The picture data for '{userId}'";
            return row.Check(fit != null ? fit.ReadBytes(bytes, what) : Picture.FromBytes(bytes, null, what), state, fit);
        }

        /// <summary>How this row would go up: the run's -Fit settings, and whether its header says it must be prepared.</summary>
        public Preparation Preparation { get; private set; }

        private PictureRow Check(Checked<Picture> verdict, PictureState? state, Fitting.PictureFit? fit)
        {
            if (verdict.Value is not Picture picture)
            {
                Failure = verdict.Failure;
                return this;
            }
            Picture = picture;
            Preparation = fit == null ? Preparation.AsItIs : new Preparation(fit.Settings.Key, picture.Plan is { NeedsPreparing: true });
            if (state != null)
            {
                PictureDigest digest;
                try
                {
                    digest = DigestOf(picture);
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    // A platform that refuses SHA-256 (a FIPS policy on an old .NET Framework, say) fails
                    // this row with the reason, on whichever thread reads it, instead of ending the run.
                    Failure = Picture.Fail(ErrorIds.PictureReadFailed, $"The picture for '{UserId}' could not be hashed for the state file: {ex.Message}");
                    return this;
                }
                // Kept with the picture: sending (or preparing) checks the file against it, so what is recorded is what Zoom got.
                Picture = picture.WithDigest(digest);
                if (state.TryGetUnchanged(UserId, digest, out var since, Preparation))
                {
                    UnchangedSince = since;
                    // Touched, copied or moved but the same bytes, or sent as they are under other -Fit
                    // settings: noted, so the next run need not read it.
                    state.Refresh(UserId, digest, Stamp, Preparation);
                }
            }
            return this;
        }

        /// <summary>The digest of what would go up (with -Fit, of the source), streamed through a pooled buffer: a file is never read whole.</summary>
        private static PictureDigest DigestOf(Picture picture)
        {
            using var stream = picture.OpenRead();
            return PictureDigest.Of(stream);
        }
    }
}
