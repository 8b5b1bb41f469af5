namespace ZoomUsers.Pacing
{
    /// <summary>
    /// Zoom's rate-limit labels: each is a budget of its own on the account. Uploads, removals,
    /// passwords and user lists are Medium; reading one user (GET /users/{userId}) is Light.
    /// </summary>
    internal enum RateLabel
    {
        Medium,
        Light,
    }
}
