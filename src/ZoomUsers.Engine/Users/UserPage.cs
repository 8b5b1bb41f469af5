using System.Collections.Generic;

namespace ZoomUsers.Users
{
    /// <summary>One page of GET /users: its users, how many the status has in all, and the token of the next page (null on the last).</summary>
    internal sealed class UserPage
    {
        public UserPage(IReadOnlyList<ZoomUser> users, int totalRecords, string? nextPageToken)
        {
            Users = users;
            TotalRecords = totalRecords;
            NextPageToken = nextPageToken;
        }

        public IReadOnlyList<ZoomUser> Users { get; }
        public int TotalRecords { get; }
        public string? NextPageToken { get; }
    }
}
