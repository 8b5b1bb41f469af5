namespace ZoomUsers.Sync
{
    /// <summary>How Set-ZoomUserPicture -StatePath decides that a picture is unchanged.</summary>
    internal enum SyncMode
    {
        /// <summary>The default: a file whose path, size and last-write time match its record is not read; any other is read and hashed.</summary>
        QuickCheck,
        /// <summary>-Checksum: every picture is read and hashed (for copy tools that keep a replaced file's time).</summary>
        Checksum,
        /// <summary>-Force: every picture uploads, unchanged or not, and is recorded.</summary>
        UploadAll,
    }
}
