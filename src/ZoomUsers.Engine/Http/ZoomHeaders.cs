namespace ZoomUsers.Http
{
    internal static class ZoomHeaders
    {
        public const string TrackingId = "x-zm-trackingid";
    }
}
