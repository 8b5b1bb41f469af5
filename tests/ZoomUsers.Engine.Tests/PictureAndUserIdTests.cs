using ZoomUsers.Validation;

namespace ZoomUsers.Engine.Tests;

public sealed class PictureAndUserIdTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, PictureFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, PictureFormat.Png)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8' }, PictureFormat.Unknown)]
    [InlineData(new byte[] { 0xFF, 0xD8 }, PictureFormat.Unknown)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, PictureFormat.Unknown)]
    public void Formats_are_told_by_their_first_bytes(byte[] bytes, PictureFormat expected) =>
        Assert.Equal(expected, PictureFormats.Detect(bytes));

    [Fact]
    public void Exactly_two_megabytes_passes_and_one_byte_more_does_not()
    {
        var ok = new byte[PictureFormats.MaxBytes];
        ok[0] = 0xFF; ok[1] = 0xD8; ok[2] = 0xFF;
        Assert.NotNull(Picture.FromBytes(ok, null, "x").Value);

        var big = new byte[PictureFormats.MaxBytes + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        var tooBig = Picture.FromBytes(big, null, "x");
        Assert.Null(tooBig.Value);
        var id = tooBig.Failure?.ErrorId;
        Assert.Equal(ErrorIds.PictureTooLarge, id);
    }

    [Theory]
    [InlineData("a@example.com", null)]
    [InlineData("", ErrorIds.UserIdMissing)]
    [InlineData("   ", ErrorIds.UserIdMissing)]
    [InlineData("@{Password=Secret1}", ErrorIds.UserIdMissing)]
    [InlineData("..", ErrorIds.UserIdInvalid)]
    [InlineData("a\nb", ErrorIds.UserIdInvalid)]
    public void User_ids(string id, string? expected)
    {
        var errorId = UserIdCheck.Check(id)?.ErrorId;
        var safe = UserIdCheck.ForReport(id);
        Assert.Equal(expected, errorId);
        if (id.StartsWith("@{", StringComparison.Ordinal)) Assert.Null(safe);
    }
}
