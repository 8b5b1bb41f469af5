using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZoomUsers.Backup
{
    /// <summary>
    /// Fetches a user's current picture from pic_url: a plain GET with no Authorization header (the
    /// client has no token handler, and pic_url is another host than the API's, which never sees the
    /// token), only over HTTPS or the API's own scheme, no redirect followed. The answer must be a JPEG
    /// or PNG; it is streamed to its file, never held whole. Whether Zoom serves pic_url without a token
    /// is documented nowhere: a 401 or 403 is reported as exactly that.
    /// </summary>
    internal sealed class PictureDownload
    {
        private static readonly byte[] JpegMagic = { 0xFF, 0xD8, 0xFF };
        private static readonly byte[] PngMagic = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        private readonly Func<HttpClient> _client;
        private readonly string _apiScheme;
        private readonly TimeSpan _timeout;

        public PictureDownload(Func<HttpClient> client, Uri apiBase, TimeSpan timeout)
        {
            _client = client;
            _apiScheme = apiBase.Scheme;
            _timeout = timeout;
        }

        /// <summary>Opens pic_url: the answer's body to copy and its file extension; or, as a message, why not.</summary>
        public async Task<DownloadedPicture> OpenAsync(string pictureUrl, CancellationToken cancellationToken)
        {
            if (!Uri.TryCreate(pictureUrl, UriKind.Absolute, out var uri))
                return DownloadedPicture.Refused($"pic_url '{pictureUrl}' is not an address.");
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != _apiScheme)
                return DownloadedPicture.Refused($"pic_url uses {uri.Scheme}://; pictures are downloaded over https:// only.");

            var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            HttpResponseMessage? response = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status == 401 || status == 403)
                    return Done(DownloadedPicture.Refused($"The picture host answered {status} {response.ReasonPhrase} for pic_url without a token (Zoom documents nowhere whether it serves pictures without one); the token is never sent there."));
                if (status != 200)
                    return Done(DownloadedPicture.Refused($"The picture host answered {status} {response.ReasonPhrase}."));

                var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var head = new byte[8];
                var read = 0;
                while (read < head.Length)
                {
                    var n = await body.ReadAsync(head, read, head.Length - read, timeout.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    read += n;
                }
                var extension = StartsWith(head, read, PngMagic) ? ".png" : StartsWith(head, read, JpegMagic) ? ".jpg" : null;
                if (extension == null)
                    return Done(DownloadedPicture.Refused($"The picture host's answer is not an image ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not a JPEG or PNG)."));
                return new DownloadedPicture(extension, head, read, body, response, timeout, _timeout);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Done(DownloadedPicture.Refused($"The picture host did not answer within {_timeout.TotalSeconds:0.#} s (time-out)."));
            }
            catch (HttpRequestException ex)
            {
                return Done(DownloadedPicture.Refused($"The picture host could not be reached: {ex.Message}"));
            }

            DownloadedPicture Done(DownloadedPicture refused)
            {
                response?.Dispose();
                timeout.Dispose();
                return refused;
            }
        }

        private static bool StartsWith(byte[] head, int read, byte[] magic)
        {
            if (read < magic.Length) return false;
            for (var i = 0; i < magic.Length; i++)
                if (head[i] != magic[i]) return false;
            return true;
        }
    }

    /// <summary>An opened download (copy it once, then dispose), or why there is none (<see cref="Failure"/>).</summary>
    internal sealed class DownloadedPicture : IDisposable
    {
        private readonly byte[] _head = Array.Empty<byte>();
        private readonly int _headLength;
        private readonly Stream? _body;
        private readonly IDisposable? _response;
        private readonly CancellationTokenSource? _timeout;
        private readonly TimeSpan _limit;

        private DownloadedPicture(string failure)
        {
            Failure = failure;
        }

        public DownloadedPicture(string extension, byte[] head, int headLength, Stream body, IDisposable response, CancellationTokenSource timeout, TimeSpan limit)
        {
            Extension = extension;
            _head = head;
            _headLength = headLength;
            _body = body;
            _response = response;
            _timeout = timeout;
            _limit = limit;
        }

        public static DownloadedPicture Refused(string why) => new DownloadedPicture(why);

        public string? Failure { get; }
        public string? Extension { get; }

        /// <summary>The picture into <paramref name="file"/>, streamed (the body's first bytes were read to check it is an image).</summary>
        public void CopyTo(Stream file)
        {
            file.Write(_head, 0, _headLength);
            try
            {
                _body!.CopyToAsync(file, 81920, _timeout!.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException ex)
            {
                throw new IOException($"The picture host did not finish sending within {_limit.TotalSeconds:0.#} s (time-out).", ex);
            }
        }

        public void Dispose()
        {
            _body?.Dispose();
            _response?.Dispose();
            _timeout?.Dispose();
        }
    }
}
