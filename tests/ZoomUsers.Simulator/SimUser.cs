namespace ZoomUsers.Simulator;

/// <summary>
/// One user of the simulated account. The simulator changes it under <see cref="Gate"/> so a password
/// check and its apply cannot interleave with a concurrent change of the same user.
/// </summary>
public sealed class SimUser
{
    private readonly Lock _gate = new();
    private volatile string? _currentPassword;
    private volatile byte[]? _picture;
    private volatile string? _pictureContentType;
    private volatile Tuple<int, string>? _pictureError;
    private volatile Tuple<int, string>? _passwordError;
    private int _passwordChanges;
    private int _pictureUploads;
    private int _pictureVersion;
    private volatile string _status = "active";
    private volatile string? _firstName;
    private volatile string? _lastName;
    private volatile string? _pictureServedAs;
    private int _pictureRefusalStatus;

    public SimUser(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        UserId = userId;
        Id = IdFor(userId);
        Email = userId.Contains('@') ? userId : userId + "@example.com";
    }

    /// <summary>The key the user was added under (an email, usually).</summary>
    public string UserId { get; }

    /// <summary>Zoom's user id: derived from <see cref="UserId"/>, so a test can name it before the user exists.</summary>
    public string Id { get; }

    public string Email { get; }

    public string? FirstName { get => _firstName; set => _firstName = value; }

    public string? LastName { get => _lastName; set => _lastName = value; }

    /// <summary>active, inactive or pending (invited, not yet joined: lists give such users no id).</summary>
    public string Status { get => _status; set => _status = value ?? "active"; }

    /// <summary>Zoom's user type: 1 Basic, 2 Licensed.</summary>
    public int Type { get; set; } = 1;

    /// <summary>login_types as GET /users/{userId} gives them (100 work email, 101 SSO...).</summary>
    public int[] LoginTypes { get; set; } = [100];

    /// <summary>Bumped by every upload and removal: pic_url names it, so an old URL stops working as Zoom's do.</summary>
    public int PictureVersion => Volatile.Read(ref _pictureVersion);

    /// <summary>
    /// The picture host answers this status (401 or 403, say) for this user's pic_url instead of the
    /// picture: whether Zoom serves pic_url without a token is documented nowhere.
    /// </summary>
    public int? PictureDownloadRefusal
    {
        get => Volatile.Read(ref _pictureRefusalStatus) is var s and not 0 ? s : null;
        set => Volatile.Write(ref _pictureRefusalStatus, value ?? 0);
    }

    /// <summary>The content type the picture host sends (test: "text/html" for an answer that is no image); null: the picture's own.</summary>
    public string? PictureServedAs { get => _pictureServedAs; set => _pictureServedAs = value; }

    /// <summary>Zoom-like ids: 22 characters from the user key, stable across runs.</summary>
    public static string IdFor(string userId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId.ToLowerInvariant()));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', 'x').Replace('/', 'y');
    }

    public string? CurrentPassword { get => _currentPassword; set => _currentPassword = value; }

    /// <summary>Previous passwords, newest first. Only the simulator writes it, under its per-user lock.</summary>
    public List<string> PasswordHistory { get; } = new();

    /// <summary>Successful password changes.</summary>
    public int PasswordChanges => Volatile.Read(ref _passwordChanges);

    /// <summary>Last uploaded picture bytes.</summary>
    public byte[]? Picture { get => _picture; set => _picture = value; }

    /// <summary>The part's declared Content-Type, or the sniffed type when the part declared none.</summary>
    public string? PictureContentType { get => _pictureContentType; set => _pictureContentType = value; }

    public int PictureUploads => Volatile.Read(ref _pictureUploads);

    /// <summary>Forced 400 answer for picture uploads, e.g. (300, "...explicit content...") or (200, "Only an account administrator can change a profile picture.").</summary>
    public (int Code, string Message)? PictureError
    {
        get => _pictureError is { } e ? (e.Item1, e.Item2) : null;
        set => _pictureError = value is { } v ? Tuple.Create(v.Code, v.Message) : null;
    }

    /// <summary>Forced 400 answer for password changes, checked before the password rules.</summary>
    public (int Code, string Message)? PasswordError
    {
        get => _passwordError is { } e ? (e.Item1, e.Item2) : null;
        set => _passwordError = value is { } v ? Tuple.Create(v.Code, v.Message) : null;
    }

    internal Lock Gate => _gate;

    // Callers hold Gate.
    internal void ApplyPassword(string newPassword)
    {
        if (_currentPassword is { } old)
            PasswordHistory.Insert(0, old);
        _currentPassword = newPassword;
        Interlocked.Increment(ref _passwordChanges);
    }

    // Callers hold Gate.
    internal void ApplyPicture(byte[] bytes, string contentType)
    {
        _picture = bytes;
        _pictureContentType = contentType;
        Interlocked.Increment(ref _pictureUploads);
        Interlocked.Increment(ref _pictureVersion);
    }

    // Callers hold Gate.
    internal void DeletePicture()
    {
        _picture = null;
        _pictureContentType = null;
        Interlocked.Increment(ref _pictureVersion);
    }
}
