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

    public SimUser(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        UserId = userId;
    }

    public string UserId { get; }

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
    }

    // Callers hold Gate.
    internal void DeletePicture()
    {
        _picture = null;
        _pictureContentType = null;
    }
}
