using System.Net.Http;
using ZoomUsers.Api;
using ZoomUsers.Http;
using ZoomUsers.Sync;
using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// An upload's picture body: a file is held as its path, length and first bytes, streamed again by
/// each attempt, and checked as it goes; a file that changed after its checks never goes up whole,
/// and fails its row without a retry.
/// </summary>
public sealed class PictureContentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zoomusers-content").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A JPEG-headed file several buffers long.</summary>
    private static byte[] Jpeg(int seed, int length = 100_000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_dir, "p.jpg");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Picture Checked(string path, bool digest)
    {
        var picture = Assert.IsType<Picture>(Picture.FromFile(path).Value);
        if (!digest) return picture;
        using var stream = picture.OpenRead();
        return picture.WithDigest(PictureDigest.Of(stream));
    }

    /// <summary>What one attempt writes, and the exception it ends in (null when it completed).</summary>
    private static async Task<(byte[] Written, PictureFileException? Failure)> SendAsync(Picture picture)
    {
        using var content = new PictureContent(picture);
        using var sink = new MemoryStream();
        try
        {
            await content.CopyToAsync(sink);
            return (sink.ToArray(), null);
        }
        catch (Exception ex) when (PictureFileException.Within(ex) is { } file)
        {
            // HttpContent.CopyToAsync wraps it in an HttpRequestException, as the HTTP stack does.
            return (sink.ToArray(), file);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_holds_no_bytes_and_each_attempt_streams_it_whole(bool digest)
    {
        var bytes = Jpeg(1);
        var picture = Checked(Write(bytes), digest);
        Assert.Throws<InvalidOperationException>(() => picture.Bytes);
        Assert.Equal(bytes.Length, new PictureContent(picture).Headers.ContentLength);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (written, failure) = await SendAsync(picture);
            Assert.Null(failure);
            Assert.Equal(bytes, written);
        }
    }

    [Fact]
    public async Task Bytes_given_directly_are_sent_as_they_are_without_a_copy()
    {
        var bytes = Jpeg(2);
        var picture = Assert.IsType<Picture>(Picture.FromBytes(bytes, null, "x").Value);
        Assert.Same(bytes, picture.Bytes);
        Assert.Equal(bytes, (await SendAsync(picture)).Written);
    }

    [Fact]
    public async Task A_file_rewritten_with_other_bytes_of_the_same_length_never_goes_up_whole_with_a_state_file()
    {
        var path = Write(Jpeg(3));
        var picture = Checked(path, digest: true);
        File.WriteAllBytes(path, Jpeg(4));

        var (written, failure) = await SendAsync(picture);
        Assert.Equal(ErrorIds.PictureChangedDuringRun, failure?.ErrorId);
        Assert.Contains("changed after it was checked", failure!.Message);
        Assert.True(written.Length < picture.Length, $"{written.Length:N0} of {picture.Length:N0} bytes were written");
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(150_000)]
    public async Task A_file_that_shrank_or_grew_never_goes_up_whole(int newLength)
    {
        var path = Write(Jpeg(5));
        var picture = Checked(path, digest: false);
        File.WriteAllBytes(path, Jpeg(6, newLength));

        var (written, failure) = await SendAsync(picture);
        Assert.Equal(ErrorIds.PictureChangedDuringRun, failure?.ErrorId);
        Assert.True(written.Length < picture.Length);
    }

    [Fact]
    public async Task A_file_that_is_no_longer_a_picture_is_not_sent()
    {
        var path = Write(Jpeg(7));
        var picture = Checked(path, digest: false);
        var other = Jpeg(7);
        other[0] = (byte)'G'; other[1] = (byte)'I'; other[2] = (byte)'F';
        File.WriteAllBytes(path, other);

        var (written, failure) = await SendAsync(picture);
        Assert.Equal(ErrorIds.PictureChangedDuringRun, failure?.ErrorId);
        Assert.Empty(written);
    }

    [Fact]
    public async Task A_file_gone_since_its_checks_fails_as_a_read()
    {
        var path = Write(Jpeg(8));
        var picture = Checked(path, digest: false);
        File.Delete(path);

        Assert.Equal(ErrorIds.PictureReadFailed, (await SendAsync(picture)).Failure?.ErrorId);
    }

    [Fact]
    public void A_picture_file_fault_is_not_retried_wherever_the_HTTP_stack_wrapped_it()
    {
        var changed = new PictureFile("/x.jpg", 1).Changed("test");
        var answer = ZoomAnswer.FromFault(new HttpRequestException("Error while copying content to a stream.", changed));
        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Same(changed, answer.Fault);
        Assert.False(answer.MayHaveLanded);
    }
}
