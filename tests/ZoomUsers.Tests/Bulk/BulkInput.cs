namespace ZoomUsers.Tests.Bulk;

/// <summary>
/// Bulk input made the way Import-Csv makes it ([pscustomobject] rows), with the core cmdlets the test
/// engine has. Row i is for u{i}@example.com; $photo holds the picture bytes.
/// </summary>
internal static class BulkInput
{
    public static string PictureRows(int count) =>
        $"1..{count} | ForEach-Object {{ [pscustomobject]@{{ UserId = \"u$_@example.com\"; ImageData = $photo }} }}";

    /// <summary>Valid, unique passwords: the row number's digits are split by dots so no run like 12345 forms.</summary>
    public static string PasswordRows(int count) =>
        $"1..{count} | ForEach-Object {{ [pscustomobject]@{{ UserId = \"u$_@example.com\"; Password = 'Zq8!k' + ($_.ToString('D5') -replace '(\\d)', '$1.') }} }}";

    public static string UserId(int row) => $"u{row}@example.com";

    public static string PasswordFor(int row) => "Zq8!k" + string.Concat(row.ToString("D5").Select(c => c + "."));
}
