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

        // Like -UserId (declared with the base class), empty and null values pass binding so that a bad
        // row gets its own result.
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
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }

            var checkedPicture = ParameterSetName == BytesSet
                ? Picture.FromBytes(ImageData, null, $"The picture data for '{UserId}'")
                : FromPath();
            if (checkedPicture.Value is not Picture picture)
            {
                ReportLocalFailure(UserId, checkedPicture.Failure!);
                return;
            }

            if (!ShouldProcess(UserId, "Set profile picture")) return;

            var userId = UserId;
            WriteVerbose($"Uploading {picture.FileName} ({picture.Bytes.Length:N0} bytes, {picture.ContentType}) as the profile picture of '{userId}'.");
            StartRow(userId, ct => Session.SetPictureAsync(userId, picture, Log, ct));
            DeliverReady();
        }

        private Checked<Picture> FromPath()
        {
            if (string.IsNullOrWhiteSpace(Path))
                return Picture.Fail(ErrorIds.PictureMissing, $"No picture path was given for '{UserId}'.");

            string fullPath;
            try
            {
                // Relative to the PowerShell location (Set-Location), not the process directory; no wildcards.
                fullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    return Picture.Fail(ErrorIds.PicturePathInvalid, $"'{Path}' is a {provider.Name} path; the picture must be a file.");
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                return Picture.Fail(ErrorIds.PicturePathInvalid, $"'{Path}' is not a usable file path: {ex.Message}");
            }

            return Picture.FromFile(fullPath);
        }
    }
}
