using Microsoft.AspNetCore.WebUtilities;
using HeaderUtilities = Microsoft.Net.Http.Headers.HeaderUtilities;
using ContentDispositionHeaderValue = Microsoft.Net.Http.Headers.ContentDispositionHeaderValue;
using MediaTypeHeaderValue = Microsoft.Net.Http.Headers.MediaTypeHeaderValue;

namespace ZoomUsers.Simulator;

/// <summary>
/// Splits a buffered multipart/form-data body into parts. Malformed bodies yield null rather than an
/// exception: to Zoom they are simply uploads without a file.
/// </summary>
internal static class Multipart
{
    public static bool IsMultipartFormData(string? contentType, out string boundary)
    {
        boundary = "";
        if (contentType is null
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return false;
        boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? "";
        return boundary.Length > 0;
    }

    public static async ValueTask<List<RecordedPart>?> TryParseAsync(string? contentType, byte[] body)
    {
        if (!IsMultipartFormData(contentType, out var boundary))
            return null;
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
            var parts = new List<RecordedPart>();
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                string name = "";
                string? fileName = null;
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
                    if (string.IsNullOrEmpty(fileName))
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    if (string.IsNullOrEmpty(fileName))
                        fileName = null;
                }
                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data);
                parts.Add(new RecordedPart(name, fileName, section.ContentType, data.ToArray()));
            }
            return parts;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
        {
            return null;
        }
    }
}
