using System;

namespace ZoomUsers.Sync
{
    /// <summary>
    /// One user's record: the digest of the picture last uploaded, when, and (for a file row) the
    /// file's stamp when its bytes were last read, so an unchanged file need not be read again, and
    /// the -Fit settings it went up under (<see cref="Sync.Preparation"/>).
    /// </summary>
    internal readonly struct PictureRecord
    {
        public PictureRecord(PictureDigest digest, DateTimeOffset uploaded, FileStamp? file, Preparation preparation = default)
        {
            Preparation = preparation;
            Digest = digest;
            // The file keeps whole seconds.
            UploadedTicks = uploaded.UtcTicks - uploaded.UtcTicks % TimeSpan.TicksPerSecond;
            File = file;
        }

        public PictureDigest Digest { get; }
        public long UploadedTicks { get; }
        public DateTimeOffset Uploaded => new DateTimeOffset(UploadedTicks, TimeSpan.Zero);
        /// <summary>Null for bytes given directly (-ImageData), and for records from before the quick check.</summary>
        public FileStamp? File { get; }

        /// <summary>How it went up: the run's -Fit settings and whether it was prepared (default: as it is, without -Fit).</summary>
        public Preparation Preparation { get; }

        public PictureRecord WithFile(FileStamp file) => new PictureRecord(Digest, Uploaded, file, Preparation);

        public PictureRecord With(FileStamp? file, Preparation preparation) => new PictureRecord(Digest, Uploaded, file ?? File, preparation);
    }
}
