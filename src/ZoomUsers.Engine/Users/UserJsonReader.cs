using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace ZoomUsers.Users
{
    /// <summary>Zoom's user JSON (GET /users/{userId}, and each entry of GET /users) into a <see cref="ZoomUser"/>.</summary>
    internal static class UserJsonReader
    {
        private static readonly Dictionary<int, string> TypeNames = new Dictionary<int, string>
        {
            [1] = "Basic",
            [2] = "Licensed",
            [4] = "Unassigned",
            [99] = "None",
        };

        private static readonly Dictionary<int, string> LoginTypeNames = new Dictionary<int, string>
        {
            [0] = "Facebook",
            [1] = "Google",
            [11] = "Phone",
            [21] = "WeChat",
            [23] = "Alipay",
            [24] = "Apple",
            [27] = "Microsoft",
            [97] = "MobileDevice",
            [98] = "RingCentral",
            [99] = "ApiUser",
            [100] = "WorkEmail",
            [101] = "SSO",
        };

        /// <param name="fallbackEmail">The id the user was asked for, for the rare answer without an email.</param>
        public static ZoomUser Read(JsonElement user, string fallbackEmail)
        {
            var email = Text(user, "email");
            return new ZoomUser(string.IsNullOrEmpty(email) ? fallbackEmail : email!)
            {
                Id = Text(user, "id"),
                FirstName = Text(user, "first_name"),
                LastName = Text(user, "last_name"),
                Status = Text(user, "status"),
                Type = user.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var t)
                    ? (TypeNames.TryGetValue(t, out var name) ? name : t.ToString(CultureInfo.InvariantCulture))
                    : null,
                // Zoom leaves pic_url out when there is no picture; a webhook shows it as "": both are none.
                PictureUrl = Text(user, "pic_url") is { Length: > 0 } url ? url : null,
                LoginTypes = user.TryGetProperty("login_types", out var logins) && logins.ValueKind == JsonValueKind.Array
                    ? string.Join(", ", logins.EnumerateArray()
                        .Select(l => l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n)
                            ? (LoginTypeNames.TryGetValue(n, out var ln) ? ln : n.ToString(CultureInfo.InvariantCulture))
                            : l.ToString()))
                    : null,
            };
        }

        private static string? Text(JsonElement user, string name) =>
            user.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
