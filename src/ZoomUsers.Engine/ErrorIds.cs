namespace ZoomUsers
{
    /// <summary>
    /// Every ErrorId the module reports. They are part of the public contract (scripts filter on
    /// them, docs/about_ZoomUsers.md lists them): add, never rename.
    /// </summary>
    public static class ErrorIds
    {
        // Terminating: the whole command cannot go on.
        public const string NotConnected = "NotConnected";
        public const string ZoomCredentialsMissing = "ZoomCredentialsMissing";
        public const string ZoomAuthenticationFailed = "ZoomAuthenticationFailed";
        public const string InvalidConnectionParameter = "InvalidConnectionParameter";
        public const string StateFileInvalid = "StateFileInvalid";
        public const string StateFileInUse = "StateFileInUse";
        public const string StateFileUnavailable = "StateFileUnavailable";
        public const string StateAccountUnknown = "StateAccountUnknown";

        // Input checked before any request.
        public const string UserIdMissing = "UserIdMissing";
        public const string UserIdInvalid = "UserIdInvalid";
        public const string PictureMissing = "PictureMissing";
        public const string PicturePathInvalid = "PicturePathInvalid";
        public const string PictureNotFound = "PictureNotFound";
        public const string PicturePathIsDirectory = "PicturePathIsDirectory";
        public const string PictureReadFailed = "PictureReadFailed";
        public const string PictureEmpty = "PictureEmpty";
        public const string PictureTooLarge = "PictureTooLarge";
        public const string PictureFormatUnsupported = "PictureFormatUnsupported";
        // A picture file replaced, grown or rewritten between its checks and its upload.
        public const string PictureChangedDuringRun = "PictureChangedDuringRun";
        // Set-ZoomUserPicture -Fit.
        public const string PictureUndecodable = "PictureUndecodable";
        public const string PictureFormatNotConvertible = "PictureFormatNotConvertible";
        public const string PictureTooManyPixels = "PictureTooManyPixels";
        public const string PictureFitUnavailable = "PictureFitUnavailable";
        public const string PasswordMissing = "PasswordMissing";
        public const string PasswordPolicy = "PasswordPolicy";
        // Set-ZoomUserPassword -Random: the account's rules allow no password (a minimum above 31, say).
        public const string PasswordRulesUnmeetable = "PasswordRulesUnmeetable";

        // Zoom's answers.
        public const string UserNotFound = "UserNotFound";
        public const string PictureRejected = "PictureRejected";
        public const string PictureContentRejected = "PictureContentRejected";
        public const string PictureChangeNotAllowed = "PictureChangeNotAllowed";
        public const string PasswordSameAsOld = "PasswordSameAsOld";
        public const string PasswordChangeLimit = "PasswordChangeLimit";
        public const string PasswordRejected = "PasswordRejected";
        public const string AdminPasswordChangeNotAllowed = "AdminPasswordChangeNotAllowed";
        public const string PasswordChangeNotSupported = "PasswordChangeNotSupported";
        public const string PasswordTooShort = "PasswordTooShort";
        public const string PasswordNeedsLetter = "PasswordNeedsLetter";
        public const string PasswordNeedsNumber = "PasswordNeedsNumber";
        public const string PasswordNeedsSpecialCharacter = "PasswordNeedsSpecialCharacter";
        public const string PasswordNeedsMixedCase = "PasswordNeedsMixedCase";
        public const string PasswordRecentlyUsed = "PasswordRecentlyUsed";
        public const string PasswordRepeatedCharacter = "PasswordRepeatedCharacter";
        public const string PasswordConsecutiveCharacters = "PasswordConsecutiveCharacters";
        public const string PasswordTooWeak = "PasswordTooWeak";
        public const string MissingScope = "MissingScope";
        public const string PermissionDenied = "PermissionDenied";
        public const string AccessTokenInvalid = "AccessTokenInvalid";
        public const string BadRequest = "BadRequest";
        public const string RateLimited = "RateLimited";
        public const string DailyRateLimit = "DailyRateLimit";
        public const string ServerError = "ServerError";
        public const string UnexpectedResponse = "UnexpectedResponse";

        // -BackupPath and Backup-ZoomUserPicture: the current picture could not be saved, so nothing was changed.
        public const string PictureBackupFailed = "PictureBackupFailed";
        // Restore-ZoomUserPicture: the folder holds no backup to restore.
        public const string BackupFolderEmpty = "BackupFolderEmpty";

        // Transport.
        public const string ConnectionFailed = "ConnectionFailed";
        public const string ProxyAuthenticationRequired = "ProxyAuthenticationRequired";
        public const string TlsCertificateUntrusted = "TlsCertificateUntrusted";
        public const string TlsCertificateExpired = "TlsCertificateExpired";
        public const string TlsCertificateNameMismatch = "TlsCertificateNameMismatch";
        public const string RequestTimeout = "RequestTimeout";
        public const string OperationStopped = "OperationStopped";
        public const string InternalError = "InternalError";
    }
}
