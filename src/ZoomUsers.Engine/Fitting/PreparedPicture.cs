using ZoomUsers.Validation;

namespace ZoomUsers.Fitting
{
    /// <summary>A picture -Fit prepared, and what was done to it (for the row's Message).</summary>
    internal sealed class PreparedPicture
    {
        public PreparedPicture(Picture picture, string description)
        {
            Picture = picture;
            Description = description;
        }

        public Picture Picture { get; }
        public string Description { get; }
    }
}
