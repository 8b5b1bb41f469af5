namespace ZoomUsers
{
    /// <summary>What a row asked of Zoom: the result's <see cref="UserUpdateResult.Operation"/>.</summary>
    public enum ZoomOperation
    {
        SetPicture,
        SetPassword,
        RemovePicture,
    }
}
