using System;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Api;
using ZoomUsers.Diagnostics;
using ZoomUsers.Fitting.Skia;
using ZoomUsers.Results;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Fitting
{
    /// <summary>
    /// The upload step with -Fit: a picture whose plan says so is prepared first, on a decode thread,
    /// then uploaded; any other goes up byte for byte. A row waiting for a decode thread holds no
    /// source bytes of a file (see <see cref="FitSource"/>): it reads them once it has one. Decodes at
    /// once are bounded by a budget of bytes, process-wide (<see cref="DecodeThreads"/>), not by
    /// -ThrottleLimit nor by the processor count: 64 rows in flight each holding a 48 MB camera bitmap
    /// would be 3 GB, and a 16-core machine would hold eight times a 2-core one's. The prepared JPEG is
    /// held from its encode to its upload, and not while the row waits for a second round.
    /// </summary>
    internal sealed class FittingUpload
    {
        private readonly FitSettings _settings;
        private readonly PictureSync.Upload _upload;
        private readonly Func<Picture, FitSettings, Checked<PreparedPicture>> _fit;

        /// <param name="fit">The decode and re-encode (<see cref="SkiaFitter.Prepare"/>); a test gives its own to see where it runs.</param>
        public FittingUpload(FitSettings settings, PictureSync.Upload upload, Func<Picture, FitSettings, Checked<PreparedPicture>>? fit = null)
        {
            _settings = settings;
            _upload = upload;
            _fit = fit ?? ((picture, fitSettings) => SkiaFitter.Prepare(picture, fitSettings));
        }

        public async Task<UserUpdateResult> UploadAsync(string userId, Picture picture, IOperationLog log, CancellationToken cancellationToken)
        {
            if (picture.Plan is not { NeedsPreparing: true } plan)
                return await _upload(userId, picture, log, cancellationToken).ConfigureAwait(false);

            var prepared = await PrepareAsync(picture, plan, cancellationToken).ConfigureAwait(false);
            if (prepared.Value is not PreparedPicture ready)
                return UserUpdateResult.Failed(userId, ZoomOperation.SetPicture, prepared.Failure!);

            var description = ready.Description;
            if (log.VerboseEnabled) log.Verbose($"'{userId}': {plan.Why}. {description}");
            var held = new PreparedJpeg(ready.Picture.Bytes);
            var result = await _upload(userId, ready.Picture.HeldBy(held), log, cancellationToken).ConfigureAwait(false);
            if (result.SecondRound is SecondRound round) PrepareAgainWhenDue(round, picture, plan, held);
            // The finishing step keeps the description, not the prepared bytes.
            return result.Finish(r =>
            {
                if (r.Status == UpdateStatus.Succeeded) r.Message = description + " " + r.Message;
                return r;
            });
        }

        /// <summary>
        /// A row parked for a second round holds its source (a path, or the caller's bytes), not the
        /// prepared picture: it lets go of it, and prepares it again, as the first time, when its round is due.
        /// </summary>
        private void PrepareAgainWhenDue(SecondRound round, Picture source, FitPlan plan, PreparedJpeg held)
        {
            round.WhileParked(held.Release);
            round.BeforeAttempts(async cancellationToken =>
            {
                if (held.IsHeld) return null; // never parked
                var again = await PrepareAsync(source, plan, cancellationToken).ConfigureAwait(false);
                if (again.Value is not PreparedPicture ready) return again.Failure;
                held.Refill(ready.Picture.Bytes);
                return null;
            });
        }

        /// <summary>On the decode threads, within their budget of bytes (<see cref="DecodeThreads"/>), not the thread pool's.</summary>
        private Task<Checked<PreparedPicture>> PrepareAsync(Picture picture, FitPlan plan, CancellationToken cancellationToken) =>
            DecodeThreads.Shared.Run(DecodeCost.Of(plan, _settings), () => Prepare(picture), cancellationToken);

        private Checked<PreparedPicture> Prepare(Picture picture)
        {
            try
            {
                return _fit(picture, _settings);
            }
            catch (Exception ex) when (SkiaNative.IsUnavailable(ex))
            {
                return Picture.Fail(ErrorIds.PictureFitUnavailable, SkiaNative.Explain(ex));
            }
            catch (PictureFileException ex)
            {
                // Gone, unreadable or changed since its header was read.
                return Picture.Fail(ex.ErrorId, ex.Message);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // The source is read again in the decode slot: gone, locked or replaced since its header was read.
                return Picture.Fail(ErrorIds.PictureReadFailed, $"The picture file could not be read for preparing: {ex.Message}");
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return Picture.Fail(ErrorIds.PictureUndecodable, $"The {picture.Plan!.FormatName} picture could not be prepared: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
