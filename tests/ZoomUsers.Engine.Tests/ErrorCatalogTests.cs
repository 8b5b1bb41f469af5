using ZoomUsers.Api;
using ZoomUsers.Results;

namespace ZoomUsers.Engine.Tests;

public sealed class ErrorCatalogTests
{
    [Theory]
    [InlineData(ZoomOperation.SetPicture, 404, 1001, ErrorIds.UserNotFound, FailureCategory.ObjectNotFound)]
    [InlineData(ZoomOperation.SetPassword, 400, 1010, ErrorIds.UserNotFound, FailureCategory.ObjectNotFound)]
    [InlineData(ZoomOperation.SetPicture, 400, 4711, ErrorIds.MissingScope, FailureCategory.PermissionDenied)]
    [InlineData(ZoomOperation.SetPicture, 400, 120, ErrorIds.PictureRejected, FailureCategory.InvalidData)]
    [InlineData(ZoomOperation.SetPicture, 400, 300, ErrorIds.PictureContentRejected, FailureCategory.InvalidData)]
    [InlineData(ZoomOperation.SetPicture, 400, 200, ErrorIds.PictureChangeNotAllowed, FailureCategory.PermissionDenied)]
    [InlineData(ZoomOperation.SetPassword, 400, 1124, ErrorIds.PasswordTooShort, FailureCategory.InvalidData)]
    [InlineData(ZoomOperation.SetPassword, 400, 1117, ErrorIds.AdminPasswordChangeNotAllowed, FailureCategory.PermissionDenied)]
    [InlineData(ZoomOperation.SetPassword, 400, 9999, ErrorIds.BadRequest, FailureCategory.InvalidData)]
    [InlineData(ZoomOperation.SetPassword, 401, 124, ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError)]
    [InlineData(ZoomOperation.SetPassword, 403, null, ErrorIds.PermissionDenied, FailureCategory.PermissionDenied)]
    [InlineData(ZoomOperation.SetPicture, 429, 429, ErrorIds.RateLimited, FailureCategory.LimitsExceeded)]
    [InlineData(ZoomOperation.SetPicture, 503, null, ErrorIds.ServerError, FailureCategory.ResourceUnavailable)]
    [InlineData(ZoomOperation.SetPicture, 302, null, ErrorIds.UnexpectedResponse, FailureCategory.ProtocolError)]
    internal void Zoom_answers_map_to_stable_ids(ZoomOperation operation, int status, int? code, string id, FailureCategory category)
    {
        var failure = ErrorCatalog.Map(operation, status, code, "Zoom said so.");
        Assert.Equal(id, failure.ErrorId);
        Assert.Equal(category, failure.Category);
        Assert.Equal(status, failure.HttpStatus);
        Assert.Equal(code, failure.ErrorCode);
    }

    [Theory]
    [InlineData("The new password can not match the old password.", ErrorIds.PasswordSameAsOld)]
    [InlineData("Password has already been changed the maximum number of times over the past 24 hours.", ErrorIds.PasswordChangeLimit)]
    [InlineData("Something else.", ErrorIds.PasswordRejected)]
    public void Password_code_300_is_told_apart_by_its_message(string message, string id) =>
        Assert.Equal(id, ErrorCatalog.Map(ZoomOperation.SetPassword, 400, 300, message).ErrorId);

    [Fact]
    public void Only_a_password_that_equals_the_old_one_means_already_applied()
    {
        Assert.True(ErrorCatalog.MeansAlreadyApplied(ZoomOperation.SetPassword, 400, 300, "can not match the old password"));
        Assert.False(ErrorCatalog.MeansAlreadyApplied(ZoomOperation.SetPicture, 400, 300, "can not match the old password"));
        Assert.False(ErrorCatalog.MeansAlreadyApplied(ZoomOperation.SetPassword, 400, 300, "changed too often in 24 hours"));
        Assert.False(ErrorCatalog.MeansAlreadyApplied(ZoomOperation.SetPassword, null, null, null));
    }

    [Fact]
    public void A_missing_scope_names_the_scope_to_add() =>
        Assert.Contains("user:update:password:admin", ErrorCatalog.Map(ZoomOperation.SetPassword, 400, 4711, "Invalid access token, does not contain scopes.").Message);
}
