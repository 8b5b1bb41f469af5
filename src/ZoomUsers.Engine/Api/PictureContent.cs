using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Api
{
    /// <summary>
    /// The picture part of one upload attempt's body. Bytes held (the caller's, or a prepared JPEG)
    /// are written as they are. A file is opened again for this attempt and streamed through a small
    /// pooled buffer, so no row holds its picture between attempts, and checked as it goes against
    /// what was checked before: the same length, the same format and, with a state file, the same
    /// SHA-256 (so the state file records the bytes Zoom got). The last piece is written only once
    /// the whole file has matched: a file that changed meanwhile throws a
    /// <see cref="PictureFileException"/> before the body is complete, and Zoom, which was told the
    /// body's length, never takes a picture from it.
    /// </summary>
    internal sealed class PictureContent : HttpContent
    {
        private readonly Picture _picture;

        public PictureContent(Picture picture) => _picture = picture;

        protected override bool TryComputeLength(out long length)
        {
            length = _picture.Length;
            return true;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            if (_picture.File is not PictureFile file)
            {
                var bytes = _picture.Bytes;
                await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                return;
            }

            using var source = file.Open();
            using var sha = _picture.Digest.HasValue ? PictureDigest.StartHash() : null;
            var buffer = ArrayPool<byte>.Shared.Rent(PictureDigest.BufferBytes);
            try
            {
                long sent = 0;
                while (true)
                {
                    int read;
                    try
                    {
                        read = await source.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw new PictureFileException(ErrorIds.PictureReadFailed, $"The picture file '{file.FullPath}' could not be read to send it: {ex.Message}", ex);
                    }
                    if (read == 0) break;
                    if (sent + read > file.Length) throw file.Changed($"{file.Length:N0} bytes when checked, more now");
                    if (sent == 0 && PictureFormats.Detect(buffer, read) != _picture.Format) throw file.Changed($"it is no longer a {_picture.Format.ToString().ToUpperInvariant()}");
                    sha?.AppendData(buffer, 0, read);
                    if (sent + read == file.Length) Verify(file, source, sha);
                    await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                    sent += read;
                }
                if (sent != file.Length) throw file.Changed($"{file.Length:N0} bytes when checked, {sent:N0} now");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Before the last piece goes: nothing after it, and (with a state file) the digest read at the checks.</summary>
        private void Verify(PictureFile file, Stream source, System.Security.Cryptography.IncrementalHash? sha)
        {
            if (source.Length != file.Length) throw file.Changed($"{file.Length:N0} bytes when checked, {source.Length:N0} now");
            if (sha != null && PictureDigest.Finish(sha) != _picture.Digest!.Value) throw file.Changed("its bytes are not the ones whose digest was read");
        }
    }
}
