namespace ZoomUsers
{
    /// <summary>What a row asked of Zoom: the result's <see cref="UserUpdateResult.Operation"/>.</summary>
    public enum ZoomOperation
    {
        SetPicture,
        SetPassword,
        RemovePicture,
        /// <summary>GET /users/{userId}: Get-ZoomUser, and the look before -NoClobber or -BackupPath changes a picture.</summary>
        GetUser,
        /// <summary>GET /users: Get-ZoomUser -All.</summary>
        ListUsers,
        /// <summary>Backup-ZoomUserPicture: the user's current picture saved in the backup folder.</summary>
        BackupPicture,
    }
}
