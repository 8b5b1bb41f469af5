using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Timeout;
using ZoomUsers.Auth;
using ZoomUsers.Diagnostics;
using ZoomUsers.Http;
using ZoomUsers.Pacing;
using ZoomUsers.Validation;

namespace ZoomUsers.Api
{
    /// <summary>The two user endpoints and the account settings read, each turned into one result per call.</summary>
    internal sealed class ZoomApiClient
    {
        private readonly Func<HttpClient> _client;
        private readonly string _apiBase;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly AccountPacer _pacer;
        private readonly bool _tokenIsStatic;
        private readonly TimeSpan _timeout;

        public ZoomApiClient(Func<HttpClient> client, Uri apiBase, ResiliencePipeline<HttpResponseMessage> pipeline, AccountPacer pacer, bool tokenIsStatic, TimeSpan timeout)
        {
            _client = client;
            _apiBase = apiBase.AbsoluteUri.TrimEnd('/');
            _pipeline = pipeline;
            _pacer = pacer;
            _tokenIsStatic = tokenIsStatic;
            _timeout = timeout;
        }

        public Task<UserUpdateResult> UploadPictureAsync(string userId, Picture picture, IOperationLog? log, CancellationToken cancellationToken)
        {
            var uri = UserUri(userId, "picture");
            return ExecuteAsync(
                new UserUpdateResult(userId, ZoomOperation.SetPicture),
                $"Set profile picture of '{userId}'",
                log,
                () =>
                {
                    var file = new ByteArrayContent(picture.Bytes);
                    file.Headers.ContentType = new MediaTypeHeaderValue(picture.ContentType);
                    // Quoted name and filename exactly as curl sends them; .NET's Add(content, name, file)
                    // would also emit filename*=, which some servers reject.
                    file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
                    {
                        Name = "\"pic_file\"",
                        FileName = "\"" + picture.FileName + "\"",
                    };
                    var form = new MultipartFormDataContent { file };
                    return new HttpRequestMessage(HttpMethod.Post, uri) { Content = form };
                },
                (result, response) =>
                {
                    result.Message = "Picture uploaded.";
                    if (response.Content?.Headers.ContentLocation is Uri location) result.PictureUrl = location.ToString();
                    else if (response.Headers.TryGetValues("Content-Location", out var values)) result.PictureUrl = values.FirstOrDefault();
                },
                sameAsOldMeansLanded: false,
                cancellationToken);
        }

        /// <param name="jsonBody">{"password":"..."} as UTF-8; the caller clears it once this completes.</param>
        public Task<UserUpdateResult> SetPasswordAsync(string userId, byte[] jsonBody, IOperationLog? log, CancellationToken cancellationToken)
        {
            var uri = UserUri(userId, "password");
            return ExecuteAsync(
                new UserUpdateResult(userId, ZoomOperation.SetPassword),
                $"Set password of '{userId}'",
                log,
                () =>
                {
                    var content = new ByteArrayContent(jsonBody);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
                },
                (result, _) => result.Message = "Password updated.",
                sameAsOldMeansLanded: true,
                cancellationToken);
        }

        /// <summary>
        /// The account's enhanced password rules; <see cref="PasswordRules.Basic"/> when Zoom says there are
        /// none to read for this token (no scope, no such setting); null when the read failed for now
        /// (5xx, 429, the network), so that the next call asks again instead of keeping the basic rules.
        /// </summary>
        public async Task<PasswordRules?> GetPasswordRulesAsync(IOperationLog? log, CancellationToken cancellationToken)
        {
            var state = new OperationState("Read the account's password rules", log);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RetryPolicy.StateKey, state);
            try
            {
                using var response = await _pipeline.ExecuteAsync(
                    ctx => SendOnceAsync(ctx, () => new HttpRequestMessage(HttpMethod.Get, _apiBase + "/accounts/me/settings?option=security")),
                    context).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var error = await ZoomErrorBody.ReadAsync(response).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    var transient = status == 429 || status >= 500;
                    log?.Verbose($"The account's password rules could not be read (HTTP {status}, code {error.Code}: {error.Message}); checking Zoom's basic rules only{(transient ? ", and reading them again on the next call" : "")}.");
                    return transient ? null : PasswordRules.Basic;
                }

                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                using var json = JsonDocument.Parse(body);
                if (!json.RootElement.TryGetProperty("security", out var security) ||
                    !security.TryGetProperty("password_requirement", out var requirement))
                    return PasswordRules.Basic;
                return new PasswordRules(
                    Int(requirement, "minimum_password_length"),
                    requirement.TryGetProperty("have_special_character", out var special) && special.ValueKind == JsonValueKind.True,
                    Int(requirement, "consecutive_characters_length"),
                    fromAccount: true);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !(ex is OutOfMemoryException))
            {
                log?.Verbose($"The account's password rules could not be read ({ex.GetType().Name}: {ex.Message}); checking Zoom's basic rules only, and reading them again on the next call.");
                return null;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            static int Int(JsonElement element, string name) =>
                element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;
        }

        /// <summary>
        /// The user id becomes exactly one path segment: escaped, so '/', '?', '#' or '..' in an id can
        /// never reach another endpoint.
        /// </summary>
        private string UserUri(string userId, string action) => $"{_apiBase}/users/{Uri.EscapeDataString(userId)}/{action}";

        private async Task<UserUpdateResult> ExecuteAsync(
            UserUpdateResult result,
            string description,
            IOperationLog? log,
            Func<HttpRequestMessage> build,
            Action<UserUpdateResult, HttpResponseMessage> onSuccess,
            bool sameAsOldMeansLanded,
            CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var state = new OperationState(description, log);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RetryPolicy.StateKey, state);
            try
            {
                using var response = await _pipeline.ExecuteAsync(ctx => SendOnceAsync(ctx, build), context).ConfigureAwait(false);
                result.HttpStatus = (int)response.StatusCode;
                result.TrackingId = response.Headers.TryGetValues(ZoomHeaders.TrackingId, out var ids) ? ids.FirstOrDefault() : null;

                if (response.IsSuccessStatusCode)
                {
                    result.Status = UpdateStatus.Succeeded;
                    onSuccess(result, response);
                    return result;
                }

                var error = await ZoomErrorBody.ReadAsync(response).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var message = error.Message ?? string.Empty;
                if (sameAsOldMeansLanded && state.MayHaveLanded && ErrorCatalog.IsSameAsOldPassword(status, error.Code, error.Message))
                {
                    result.Status = UpdateStatus.Succeeded;
                    result.Message = "Password updated: an earlier attempt reached Zoom before its answer was lost, and the retry found the new password already in place.";
                    return result;
                }

                if (status == 429 && state.DailyLimited)
                {
                    var at = _pacer.DailyLimitResetsAt ?? AccountPacer.NextUtcMidnight(DateTimeOffset.UtcNow);
                    result.Fail(new ZoomFailure(ErrorIds.DailyRateLimit, FailureCategory.LimitsExceeded, new DailyRateLimitException(at).Message, 429, error.Code ?? 429));
                }
                else if (status == 401 && _tokenIsStatic)
                {
                    result.Fail(new ZoomFailure(ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError,
                        $"{message} The access token given to Connect-Zoom cannot be renewed: get a new one and run Connect-Zoom again.", status, error.Code));
                }
                else
                {
                    result.Fail(ErrorCatalog.Map(result.Operation, status, error.Code, message));
                }
                return result;
            }
            catch (DailyRateLimitException ex)
            {
                result.Fail(new ZoomFailure(ErrorIds.DailyRateLimit, FailureCategory.LimitsExceeded, ex.Message, 429, 429));
                return result;
            }
            catch (TimeoutRejectedException)
            {
                result.Fail(new ZoomFailure(ErrorIds.RequestTimeout, FailureCategory.OperationTimeout,
                    $"Zoom did not answer within {_timeout.TotalSeconds:0.#} s, {state.Attempts} time(s)."));
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result.Fail(new ZoomFailure(ErrorIds.OperationStopped, FailureCategory.OperationStopped, "Stopped before Zoom answered."));
                return result;
            }
            catch (ZoomAuthenticationException ex) when (ex.IsTransient)
            {
                result.Fail(new ZoomFailure(ErrorIds.ConnectionFailed, FailureCategory.ConnectionError,
                    $"A new access token was needed and could not be had ({state.TransientRetries + 1} attempt(s)): {ex.Message}"));
                return result;
            }
            catch (ZoomAuthenticationException ex)
            {
                result.Fail(new ZoomFailure(ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError, ex.Message, ex.HttpStatus));
                return result;
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is SocketException)
            {
                result.Fail(new ZoomFailure(ErrorIds.ConnectionFailed, FailureCategory.ConnectionError,
                    $"Could not reach Zoom ({state.Attempts} attempt(s)): {Innermost(ex)}"));
                return result;
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // A row must end in a result whatever happened; the type name helps a bug report.
                result.Fail(new ZoomFailure(ErrorIds.InternalError, FailureCategory.NotSpecified, $"{ex.GetType().Name}: {ex.Message}"));
                return result;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
                result.Attempts = state.Attempts;
                result.Duration = watch.Elapsed;
            }
        }

        private async ValueTask<HttpResponseMessage> SendOnceAsync(ResilienceContext context, Func<HttpRequestMessage> build)
        {
            var state = context.Properties.GetValue(RetryPolicy.StateKey, null!);
            using var request = build();
            state.Attach(request);
            var sentBefore = state.Attempts;
            try
            {
                var response = await _client().SendAsync(request, HttpCompletionOption.ResponseContentRead, context.CancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500) state.MayHaveLanded = true;
                return response;
            }
            catch (Exception ex) when (RetryPolicy.IsTransient(ex) || ex is OperationCanceledException)
            {
                // Only a request that left the pacer and the token handler can have reached Zoom.
                if (state.Attempts > sentBefore && !(ex is ZoomAuthenticationException) && RetryPolicy.MayHaveReachedServer(ex))
                    state.MayHaveLanded = true;
                throw;
            }
        }

        private static string Innermost(Exception ex)
        {
            var message = ex.Message;
            for (var e = ex.InnerException; e != null; e = e.InnerException)
                if (!string.IsNullOrEmpty(e.Message) && message.IndexOf(e.Message, StringComparison.Ordinal) < 0)
                    message += " " + e.Message;
            return message;
        }
    }
}
