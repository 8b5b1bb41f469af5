using System.Text;
using Microsoft.AspNetCore.Http;

namespace ZoomUsers.Simulator;

/// <summary>
/// GET /users: one status per list (active when none is given, as at Zoom), in pages of page_size
/// (30 by default, at most <see cref="SimulatorOptions.MaxPageSize"/>), continued by next_page_token
/// (empty on the last page). Users are listed in email order.
/// </summary>
internal static class UserList
{
    private static readonly string[] Statuses = ["active", "inactive", "pending"];

    public static Reply Page(ZoomSimulator sim, IQueryCollection query)
    {
        string status = query["status"].FirstOrDefault() is { Length: > 0 } s ? s.ToLowerInvariant() : "active";
        if (!Statuses.Contains(status))
            return Replies.Error(400, 300, $"Invalid field: status '{status}'.");

        int pageSize = 30;
        if (query["page_size"].FirstOrDefault() is { Length: > 0 } sizeText)
        {
            if (!int.TryParse(sizeText, out pageSize) || pageSize < 1)
                return Replies.Error(400, 300, $"Invalid field: page_size '{sizeText}'.");
            pageSize = Math.Min(pageSize, sim.Options.MaxPageSize);
        }

        int offset = 0;
        if (query["next_page_token"].FirstOrDefault() is { Length: > 0 } token && !TryReadToken(token, status, out offset))
            return Replies.Error(400, 300, "Invalid next_page_token.");

        var all = sim.Users.Values.Distinct()
            .Where(u => u.Status.Equals(status, StringComparison.OrdinalIgnoreCase))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var page = all.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < all.Count ? MakeToken(status, offset + page.Count) : "";

        return Replies.Json(200, ZoomJson.Write(w =>
        {
            w.WriteNumber("page_count", (all.Count + pageSize - 1) / pageSize);
            w.WriteNumber("page_number", offset / pageSize + 1);
            w.WriteNumber("page_size", pageSize);
            w.WriteNumber("total_records", all.Count);
            w.WriteString("next_page_token", next);
            w.WriteStartArray("users");
            foreach (var user in page)
            {
                w.WriteStartObject();
                UserJson.Write(w, sim, user, inList: true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }));
    }

    private static string MakeToken(string status, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{status}|{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadToken(string token, string status, out int offset)
    {
        offset = 0;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && parts[0] == status && int.TryParse(parts[1], out offset) && offset >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
