using System.Text.Json;

namespace ZoomUsers.Simulator;

/// <summary>A user as GET /users/{userId} and GET /users write it. Lists give pending users no id, as the spec does.</summary>
internal static class UserJson
{
    public static void Write(Utf8JsonWriter w, ZoomSimulator sim, SimUser user, bool inList)
    {
        var status = user.Status;
        if (!(inList && status == "pending"))
            w.WriteString("id", user.Id);
        if (user.FirstName is { } first) w.WriteString("first_name", first);
        if (user.LastName is { } last) w.WriteString("last_name", last);
        var display = string.Join(" ", new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrEmpty(n)));
        if (display.Length > 0) w.WriteString("display_name", display);
        w.WriteString("email", user.Email);
        w.WriteNumber("type", user.Type);
        w.WriteString("status", status);
        // Zoom leaves pic_url out when the user has no picture.
        if (sim.PictureUrl(user) is { } url) w.WriteString("pic_url", url.AbsoluteUri);
        if (!inList)
        {
            w.WriteStartArray("login_types");
            foreach (var type in user.LoginTypes) w.WriteNumberValue(type);
            w.WriteEndArray();
        }
    }
}
