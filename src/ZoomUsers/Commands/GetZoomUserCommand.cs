using System.Management.Automation;
using ZoomUsers.Pacing;
using ZoomUsers.Pipeline;
using ZoomUsers.Results;
using ZoomUsers.Users;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>
    /// Users as Zoom knows them: the pipeline's users, one lookup each (Zoom's Light limit), or every
    /// user of the account with -All (one list request per page of 300, for each status).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZoomUser", DefaultParameterSetName = ByUserSet)]
    [OutputType(typeof(ZoomUser))]
    public sealed class GetZoomUserCommand : ZoomBulkCommandBase
    {
        private const string ByUserSet = "UserId";
        private const string AllSet = "All";

        /// <summary>Zoom answers at most 300 users a page on older accounts; every account takes 300.</summary>
        internal const int PageSize = 300;

        private static readonly string[] Statuses = { "active", "inactive", "pending" };
        private static readonly RateLabel[] LightOnly = { RateLabel.Light };

        // Declared again (hiding the base's) so that it belongs to the UserId set only: -All takes no user.
        // Empty and null values pass binding, as for the other cmdlets, so a bad row gets its own error.
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByUserSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Email", "EmailAddress", "Mail", "UserPrincipalName", "UPN", "Id")]
        [AllowNull, AllowEmptyString]
        public new string UserId { get; set; } = null!;

        /// <summary>Every user of the account: active, inactive and pending, in pages of 300.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override ZoomOperation Operation => ZoomOperation.GetUser;

        private protected override RateLabel[] RowLabels => LightOnly;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == AllSet)
            {
                ListAll();
                return;
            }

            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }
            var userId = UserId;
            var connection = Connection;
            var log = Log;
            StartRow(userId, ct => connection.GetUserAsync(userId, log, ct));
            DeliverReady();
        }

        /// <summary>Every status in turn, a page at a time, with progress: each page's users written as it comes.</summary>
        private void ListAll()
        {
            var listing = new UserListing(Connection.ListUsersAsync, PageSize, Statuses);
            var id = System.Environment.TickCount & 0xFFFF;
            var listed = 0;
            foreach (var listedPage in listing.Pages(Log, Cancellation))
            {
                DeliverReady();
                if (listedPage.Page is not UserPage page)
                {
                    if (listedPage.Result.ErrorId != ErrorIds.OperationStopped) WriteError(ResultErrors.For(listedPage.Result));
                    continue;
                }
                foreach (var user in page.Users) WriteObject(user);
                listed += page.Users.Count;
                WriteProgress(new ProgressRecord(id, "Get-ZoomUser -All", $"{listedPage.Status} users: {listed:N0} listed")
                {
                    CurrentOperation = $"{page.TotalRecords:N0} {listedPage.Status} user(s) in the account",
                });
            }
            WriteProgress(new ProgressRecord(id, "Get-ZoomUser -All", $"{listed:N0} users listed") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>A lookup writes the user it found, or its error: no result object (there is nothing to report but the user).</summary>
        private protected override void Emit(UserUpdateResult result)
        {
            if (result.Status == UpdateStatus.Succeeded && result.User != null)
                WriteObject(result.User);
            else if (result.ErrorId != ErrorIds.OperationStopped)
                WriteError(ResultErrors.For(result));
        }
    }
}
