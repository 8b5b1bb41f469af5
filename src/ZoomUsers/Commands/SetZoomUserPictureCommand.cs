using System;
using System.Management.Automation;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>Uploads profile pictures: from files (a CSV's path column) or bytes (an AD user's thumbnailPhoto).</summary>
    [Cmdlet(VerbsCommon.Set, "ZoomUserPicture", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class SetZoomUserPictureCommand : ZoomBulkCommandBase
    {
        private const string PathSet = "Path";
        private const string BytesSet = "ImageData";

        // Empty and null values are allowed through binding on purpose: a bad row must still produce
        // its own result and error, not a binding error that leaves no trace in the report.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Most specific first: PowerShell binds the first alias a row has, and a CSV's "Id" is often an employee number.
        [Alias("Email", "EmailAddress", "Mail", "UserPrincipalName", "UPN", "Id")]
        [AllowNull, AllowEmptyString]
        public string UserId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PicturePath", "PhotoPath", "FilePath", "Picture")]
        [AllowNull, AllowEmptyString]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = BytesSet, ValueFromPipelineByPropertyName = true)]
        [Alias("thumbnailPhoto", "jpegPhoto", "Photo")]
        [AllowNull, AllowEmptyCollection]
        public byte[] ImageData { get; set; } = null!;

        protected override ZoomOperation Operation => ZoomOperation.SetPicture;

        protected override void ProcessRecord()
        {
            var problem = UserIdCheck.Validate(UserId, out var safeUserId, out var idError);
            if (problem != null)
            {
                ReportLocalFailure(safeUserId, idError!, problem);
                return;
            }

            var picture = ParameterSetName == BytesSet
                ? Picture.FromBytes(ImageData, null, $"The picture data for '{UserId}'", out var errorId, out var error)
                : FromPath(out errorId, out error);
            if (picture == null)
            {
                ReportLocalFailure(UserId, errorId!, error!, LocalCategory(errorId!));
                return;
            }

            if (!ShouldProcess(UserId, "Set profile picture")) return;

            var userId = UserId;
            WriteVerbose($"Uploading {picture.FileName} ({picture.Bytes.Length:N0} bytes, {picture.ContentType}) as the profile picture of '{userId}'.");
            StartRow(userId, ct => Session.SetPictureAsync(userId, picture, Log, ct));
            DeliverReady();
        }

        private static FailureCategory LocalCategory(string errorId) => errorId switch
        {
            ErrorIds.PictureNotFound => FailureCategory.ObjectNotFound,
            ErrorIds.PictureReadFailed => FailureCategory.ReadError,
            ErrorIds.PictureEmpty or ErrorIds.PictureTooLarge or ErrorIds.PictureFormatUnsupported => FailureCategory.InvalidData,
            _ => FailureCategory.InvalidArgument,
        };

        private Picture? FromPath(out string? errorId, out string? error)
        {
            if (string.IsNullOrWhiteSpace(Path))
            {
                errorId = ErrorIds.PictureMissing;
                error = $"No picture path was given for '{UserId}'.";
                return null;
            }

            string fullPath;
            try
            {
                // Relative to the PowerShell location (Set-Location), not the process directory; no wildcards.
                fullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    errorId = ErrorIds.PicturePathInvalid;
                    error = $"'{Path}' is a {provider.Name} path; the picture must be a file.";
                    return null;
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                errorId = ErrorIds.PicturePathInvalid;
                error = $"'{Path}' is not a usable file path: {ex.Message}";
                return null;
            }

            return Picture.FromFile(fullPath, out errorId, out error);
        }
    }
}
