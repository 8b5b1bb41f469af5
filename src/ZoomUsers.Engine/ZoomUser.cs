namespace ZoomUsers
{
    /// <summary>
    /// One Zoom user as Get-ZoomUser reports it: flat text and numbers only, so <c>Export-Csv</c> writes a
    /// clean file, and <see cref="Email"/> binds the other cmdlets' -UserId when piped on.
    /// </summary>
    public sealed class ZoomUser
    {
        internal ZoomUser(string email)
        {
            Email = email;
        }

        /// <summary>Zoom's user id. Empty for pending users listed by <c>-All</c>: Zoom's lists give them none (their Email names them).</summary>
        public string? Id { get; internal set; }
        public string Email { get; }
        public string? FirstName { get; internal set; }
        public string? LastName { get; internal set; }
        /// <summary>active, inactive or pending (invited, not yet joined).</summary>
        public string? Status { get; internal set; }
        /// <summary>Basic, Licensed, ... (Zoom's number when it has no name here).</summary>
        public string? Type { get; internal set; }
        /// <summary>The user has a profile picture (Zoom gave a pic_url).</summary>
        public bool HasPicture => !string.IsNullOrEmpty(PictureUrl);
        /// <summary>Where Zoom serves the current picture; empty when the user has none.</summary>
        public string? PictureUrl { get; internal set; }
        /// <summary>How the user signs in (WorkEmail, SSO, Google, ...), comma-separated; only a lookup by user gives them, not -All.</summary>
        public string? LoginTypes { get; internal set; }

        public override string ToString() => Email;
    }
}
