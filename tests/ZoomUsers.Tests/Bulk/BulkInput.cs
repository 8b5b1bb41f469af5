using System.Globalization;

namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// Bulk input. Row i is for u{i}@example.com. Picture rows are made in script ($photo holds the
/// bytes, as an ADUser's thumbnailPhoto would); password rows are a CSV file for Import-Csv.
/// </summary>
internal static class BulkInput
{
    public static string PictureRows(int count) =>
        $"1..{count} | ForEach-Object {{ [pscustomobject]@{{ UserId = \"u$_@example.com\"; ImageData = $photo }} }}";

    /// <summary>A UserId,Password CSV file of <paramref name="count"/> rows (<see cref="PasswordFor"/>) in <paramref name="folder"/>; returns its path.</summary>
    public static string PasswordCsv(int count, string folder)
    {
        var path = Path.Combine(folder, $"passwords-{count}.csv");
        File.WriteAllLines(path, Enumerable.Range(1, count).Select(i => $"{UserId(i)},{PasswordFor(i)}").Prepend("UserId,Password"));
        return path;
    }

    public static string UserId(int row) => $"u{row}@example.com";

    /// <summary>Valid, unique passwords: the row number's digits are split by dots so no run like 12345 forms.</summary>
    public static string PasswordFor(int row) => "Zq8!k" + string.Concat(row.ToString("D5", CultureInfo.InvariantCulture).Select(c => c + "."));
}
