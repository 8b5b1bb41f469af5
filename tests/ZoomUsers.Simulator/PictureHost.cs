using Microsoft.AspNetCore.Http;

namespace ZoomUsers.Simulator;

/// <summary>
/// The host pic_url points at: another host name than the API's (<c>localhost</c> beside the API's
/// <c>127.0.0.1</c>, the same port), serving each user's current picture at
/// <c>/p/{id}/{version}.{ext}</c>. An old version's URL is gone, as at Zoom once a picture is
/// replaced. A request on the API's host name is not served: a client must use pic_url as given.
/// No token is needed or checked; <see cref="ZoomSimulator.PictureRequests"/> records what arrived.
/// </summary>
internal static class PictureHost
{
    public const string PathPrefix = "/p/";

    public static Reply Serve(ZoomSimulator sim, Exchange x)
    {
        var host = x.Http.Request.Host.Host;
        if (!host.Equals(sim.PictureHostUri.Host, StringComparison.OrdinalIgnoreCase) || !HttpMethods.IsGet(x.Http.Request.Method))
            return Replies.NotFound;

        var segments = x.RawPath[PathPrefix.Length..].Split('/');
        if (segments.Length != 2)
            return Replies.NotFound;
        var id = Uri.UnescapeDataString(segments[0]);
        var version = segments[1].Split('.')[0];
        if (!sim.TryGetById(id, out var user) || user.Picture is not { } picture || version != user.PictureVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return Replies.NotFound;
        if (user.PictureDownloadRefusal is int refused)
            return Replies.Error(refused, refused, refused == 401 ? "Unauthorized" : "Forbidden");
        return new Reply(200, picture, user.PictureServedAs ?? user.PictureContentType ?? "image/jpeg");
    }
}
