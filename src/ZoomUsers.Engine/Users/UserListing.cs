using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Users
{
    /// <summary>
    /// The whole account, page by page: GET /users answers one status at a time (active when none is
    /// given), so every status is listed in turn, each followed through its next_page_token. Pages come
    /// one after another on the caller's thread (each needs the token of the one before). A page that
    /// fails ends its status; the next status is still listed.
    /// </summary>
    internal sealed class UserListing
    {
        /// <summary>Zoom's call: <see cref="Connection.ZoomConnection.ListUsersAsync"/> in the module.</summary>
        public delegate Task<UserUpdateResult> PageReader(string status, int pageSize, string? pageToken, Action<UserPage> page, IOperationLog? log, CancellationToken cancellationToken);

        private readonly PageReader _read;
        private readonly int _pageSize;
        private readonly IReadOnlyList<string> _statuses;

        public UserListing(PageReader read, int pageSize, IReadOnlyList<string> statuses)
        {
            _read = read;
            _pageSize = pageSize;
            _statuses = statuses;
        }

        /// <summary>Each page as it comes, or the failed call that ended a status.</summary>
        public IEnumerable<ListedPage> Pages(IOperationLog? log, CancellationToken cancellationToken)
        {
            foreach (var status in _statuses)
            {
                string? token = null;
                do
                {
                    UserPage? page = null;
                    var result = _read(status, _pageSize, token, p => page = p, log, cancellationToken).GetAwaiter().GetResult();
                    result.SecondRound?.Abandon(); // a page is needed now, for the next one's token
                    if (page == null || result.Status != UpdateStatus.Succeeded)
                    {
                        yield return new ListedPage(status, null, result);
                        break;
                    }
                    yield return new ListedPage(status, page, result);
                    token = page.NextPageToken;
                }
                while (token != null && !cancellationToken.IsCancellationRequested);
            }
        }
    }

    /// <summary>One page of one status, or (Page null) the failed call that ended that status.</summary>
    internal sealed class ListedPage
    {
        public ListedPage(string status, UserPage? page, UserUpdateResult result)
        {
            Status = status;
            Page = page;
            Result = result;
        }

        public string Status { get; }
        public UserPage? Page { get; }
        public UserUpdateResult Result { get; }
    }
}
