using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Timeout;
using ZoomUsers.Auth;
using ZoomUsers.Diagnostics;
using ZoomUsers.Http;
using ZoomUsers.Pacing;
using ZoomUsers.Results;
using ZoomUsers.Validation;

namespace ZoomUsers.Api
{
    /// <summary>The user endpoints (picture upload and removal, password) and the account settings read, each turned into one result per call.</summary>
    internal sealed class ZoomApiClient
    {
        private readonly AttemptSender _send;
        private readonly string _apiBase;
        private readonly ResiliencePipeline<ZoomAnswer> _pipeline;
        private readonly TokenCache _tokens;
        private readonly TimeSpan _timeout;
        private readonly int _maxRetries;
        private readonly TimeProvider _time;
        private readonly RecentAttempts _recent = new RecentAttempts();

        /// <param name="send">One attempt through the handlers (<see cref="AttemptChain"/>).</param>
        /// <param name="maxRetries">-MaxRetryCount: a row that spent them all on transient faults is offered a <see cref="SecondRound"/>.</param>
        /// <param name="time">The connection's clock, which times each result's Duration.</param>
        public ZoomApiClient(AttemptSender send, Uri apiBase, ResiliencePipeline<ZoomAnswer> pipeline, TokenCache tokens, TimeSpan timeout, int maxRetries, TimeProvider time)
        {
            _send = send;
            _apiBase = apiBase.AbsoluteUri.TrimEnd('/');
            _pipeline = pipeline;
            _tokens = tokens;
            _timeout = timeout;
            _maxRetries = Math.Max(0, maxRetries);
            _time = time;
        }

        public Task<UserUpdateResult> UploadPictureAsync(string userId, Picture picture, IOperationLog? log, CancellationToken cancellationToken)
        {
            var uri = UserUri(userId, "picture");
            return ExecuteAsync(
                new UserUpdateResult(userId, ZoomOperation.SetPicture),
                new OperationState($"Set profile picture of '{userId}'", log),
                () =>
                {
                    // A file is opened again by each attempt and streamed, never held between them.
                    var file = new PictureContent(picture);
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
                (result, answer) =>
                {
                    result.Message = "Picture uploaded.";
                    result.PictureUrl = answer.ContentLocation;
                },
                cancellationToken);
        }

        public Task<UserUpdateResult> RemovePictureAsync(string userId, IOperationLog? log, CancellationToken cancellationToken)
        {
            var uri = UserUri(userId, "picture");
            return ExecuteAsync(
                new UserUpdateResult(userId, ZoomOperation.RemovePicture),
                new OperationState($"Remove profile picture of '{userId}'", log),
                () => new HttpRequestMessage(HttpMethod.Delete, uri),
                (result, _) => result.Message = "Picture removed.",
                cancellationToken);
        }

        /// <param name="jsonBody">{"password":"..."} as UTF-8; the caller clears it once this completes (or, when a second round is offered, once that round ends).</param>
        /// <param name="resendWithin">How long after an attempt that may have set it a second round may still send it (see <see cref="ResendWindow"/>); null: no bound.</param>
        public Task<UserUpdateResult> SetPasswordAsync(string userId, byte[] jsonBody, IOperationLog? log, CancellationToken cancellationToken, TimeSpan? resendWithin = null)
        {
            var uri = UserUri(userId, "password");
            return ExecuteAsync(
                new UserUpdateResult(userId, ZoomOperation.SetPassword),
                new OperationState($"Set password of '{userId}'", log),
                () =>
                {
                    var content = new ByteArrayContent(jsonBody);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
                },
                (result, _) => result.Message = "Password updated.",
                cancellationToken,
                resendWithin);
        }

        /// <summary>GET /users/{userId} (Light): the user found, on a Succeeded result's <see cref="UserUpdateResult.User"/>; UserNotFound when Zoom has none.</summary>
        public Task<UserUpdateResult> GetUserAsync(string userId, IOperationLog? log, CancellationToken cancellationToken)
        {
            var uri = $"{_apiBase}/users/{Uri.EscapeDataString(userId)}";
            return ExecuteAsync(
                new UserUpdateResult(userId, ZoomOperation.GetUser),
                new OperationState($"Look up '{userId}'", log, RateLabel.Light),
                () => new HttpRequestMessage(HttpMethod.Get, uri),
                (result, answer) =>
                {
                    using var json = JsonDocument.Parse(answer.Body ?? "{}");
                    result.User = Users.UserJsonReader.Read(json.RootElement, userId);
                    result.Message = "User found.";
                },
                cancellationToken);
        }

        /// <summary>
        /// One page of GET /users (Medium) for one status; <paramref name="page"/> receives it when the result
        /// succeeded. A result, like every call here, so a failed page says why as a row would.
        /// </summary>
        public Task<UserUpdateResult> ListUsersAsync(string status, int pageSize, string? pageToken, Action<Users.UserPage> page, IOperationLog? log, CancellationToken cancellationToken)
        {
            var uri = $"{_apiBase}/users?status={Uri.EscapeDataString(status)}&page_size={pageSize}"
                      + (string.IsNullOrEmpty(pageToken) ? "" : "&next_page_token=" + Uri.EscapeDataString(pageToken));
            return ExecuteAsync(
                new UserUpdateResult(null, ZoomOperation.ListUsers),
                new OperationState($"List {status} users", log),
                () => new HttpRequestMessage(HttpMethod.Get, uri),
                (result, answer) =>
                {
                    using var json = JsonDocument.Parse(answer.Body ?? "{}");
                    var root = json.RootElement;
                    var users = new System.Collections.Generic.List<ZoomUser>();
                    if (root.TryGetProperty("users", out var list) && list.ValueKind == JsonValueKind.Array)
                        foreach (var user in list.EnumerateArray())
                            users.Add(Users.UserJsonReader.Read(user, string.Empty));
                    var total = root.TryGetProperty("total_records", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var n) ? n : users.Count;
                    var next = root.TryGetProperty("next_page_token", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } text ? text : null;
                    page(new Users.UserPage(users, total, next));
                    result.Message = $"{users.Count} {status} user(s).";
                },
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
            try
            {
                var answer = await RunAsync(state, () => new HttpRequestMessage(HttpMethod.Get, _apiBase + "/accounts/me/settings?option=security"), cancellationToken)
                    .ConfigureAwait(false);
                if (answer.Fault != null)
                {
                    log?.Verbose($"The account's password rules could not be read ({answer.Fault.GetType().Name}: {answer.Fault.Message}); checking Zoom's basic rules only, and reading them again on the next call.");
                    return null;
                }
                if (answer.Kind != AnswerKind.Success)
                {
                    var status = answer.HttpStatus ?? 0;
                    var transient = answer.Kind == AnswerKind.RateLimited || answer.Kind == AnswerKind.DailyLimit || answer.Kind == AnswerKind.Transient;
                    log?.Verbose($"The account's password rules could not be read (HTTP {status}, code {answer.ErrorCode}: {answer.Message}); checking Zoom's basic rules only{(transient ? ", and reading them again on the next call" : "")}.");
                    return transient ? null : PasswordRules.Basic;
                }

                using var json = JsonDocument.Parse(answer.Body ?? string.Empty);
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
            OperationState state,
            Func<HttpRequestMessage> build,
            Action<UserUpdateResult, ZoomAnswer> onSuccess,
            CancellationToken cancellationToken,
            TimeSpan? resendWithin = null)
        {
            var last = await RoundAsync(result, state, build, onSuccess, cancellationToken).ConfigureAwait(false);
            if (OffersSecondRound(result, last, state, cancellationToken))
            {
                var firstAttempts = state.Attempts;
                if (state.Log is { VerboseEnabled: true } log)
                    log.Verbose($"{state.Description}: {firstAttempts} attempts met transient faults only ({last!.Summary}); one more set of attempts is offered at the end of the run.");
                var window = resendWithin is TimeSpan length ? new ResendWindow(_time, length) : null;
                result.SecondRound = new SecondRound(result, () => !_recent.MostFailing, async ct =>
                {
                    var second = new UserUpdateResult(result.UserId, result.Operation) { Duration = result.Duration };
                    state.StartSecondRound();
                    await RoundAsync(second, state, build, onSuccess, ct).ConfigureAwait(false);
                    second.Message = second.Status == UpdateStatus.Succeeded
                        ? $"{second.Message} (Tried again at the end of the run: the first {firstAttempts} attempts met transient faults only.)"
                        : $"{second.Message} (Also after a second set of attempts at the end of the run: the first {firstAttempts} met transient faults only.)";
                    return second;
                }, window == null ? null : () => window.TooLate(state.FirstMayHaveLanded));
            }
            return result;
        }

        /// <summary>
        /// A row that spent -MaxRetryCount on transient faults alone (no renewal paid from that budget)
        /// may succeed later: not with -MaxRetryCount 0 (no retries asked for), not once stopped, and not
        /// while most recent attempts are failing (checked again when the round is due).
        /// </summary>
        private bool OffersSecondRound(UserUpdateResult result, ZoomAnswer? last, OperationState state, CancellationToken cancellationToken) =>
            result.Status == UpdateStatus.Failed && last is { Kind: AnswerKind.Transient } &&
            _maxRetries > 0 && state.Retries.TransientRetries >= _maxRetries && state.Retries.TokenRetries <= RetryPolicy.FreeTokenRetries &&
            !cancellationToken.IsCancellationRequested && !_recent.MostFailing;

        /// <summary>One set of attempts, concluded into <paramref name="result"/>; the last answer (null when none came).</summary>
        private async Task<ZoomAnswer?> RoundAsync(
            UserUpdateResult result,
            OperationState state,
            Func<HttpRequestMessage> build,
            Action<UserUpdateResult, ZoomAnswer> onSuccess,
            CancellationToken cancellationToken)
        {
            var started = _time.GetTimestamp();
            ZoomAnswer? answer = null;
            try
            {
                answer = await RunAsync(state, build, cancellationToken).ConfigureAwait(false);
                Conclude(result, answer, state, onSuccess);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result.Fail(new ZoomFailure(ErrorIds.OperationStopped, FailureCategory.OperationStopped, "Stopped before Zoom answered."));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // A row must end in a result whatever happened; the type name helps a bug report.
                result.Fail(new ZoomFailure(ErrorIds.InternalError, FailureCategory.NotSpecified, $"{ex.GetType().Name}: {ex.Message}"));
            }
            result.Attempts = state.Attempts;
            result.Duration += _time.GetElapsedTime(started);
            return answer;
        }

        /// <summary>The final answer of a row's attempts becomes its result: the one place that reads it for the report.</summary>
        private void Conclude(UserUpdateResult result, ZoomAnswer answer, OperationState state, Action<UserUpdateResult, ZoomAnswer> onSuccess)
        {
            result.HttpStatus = answer.HttpStatus;
            result.TrackingId = answer.TrackingId;
            if (answer.Kind == AnswerKind.Success)
            {
                result.Status = UpdateStatus.Succeeded;
                onSuccess(result, answer);
                return;
            }
            if (state.EarlierAttemptMayHaveLanded && ErrorCatalog.MeansAlreadyApplied(result.Operation, answer.HttpStatus, answer.ErrorCode, answer.Message))
            {
                result.Status = UpdateStatus.Succeeded;
                result.Message = "Password updated: an earlier attempt reached Zoom before its answer was lost, and the retry found the new password already in place.";
                return;
            }
            result.Fail(Failure(result.Operation, answer, state));
        }

        private ZoomFailure Failure(ZoomOperation operation, ZoomAnswer answer, OperationState state)
        {
            if (answer.Kind == AnswerKind.DailyLimit)
                return new ZoomFailure(ErrorIds.DailyRateLimit, FailureCategory.LimitsExceeded,
                    DailyLimit.Describe(answer.DailyResetAt!.Value), 429, answer.ErrorCode ?? 429);

            switch (answer.Fault)
            {
                case TimeoutRejectedException _:
                    return new ZoomFailure(ErrorIds.RequestTimeout, FailureCategory.OperationTimeout,
                        $"Zoom did not answer within {_timeout.TotalSeconds:0.#} s, {state.Attempts} time(s).");
                case ZoomAuthenticationException auth when auth.IsTransient:
                    return new ZoomFailure(ErrorIds.ConnectionFailed, FailureCategory.ConnectionError,
                        $"A new access token was needed and could not be had ({state.Retries.TransientRetries + 1} attempt(s)): {auth.Message}");
                case ZoomAuthenticationException auth:
                    return new ZoomFailure(ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError, auth.Message, auth.HttpStatus);
                case ProxyAuthenticationException proxy:
                    return new ZoomFailure(ErrorIds.ProxyAuthenticationRequired, FailureCategory.AuthenticationError, proxy.Message, 407);
                case TlsCertificateException certificate:
                    return new ZoomFailure(certificate.ErrorId, FailureCategory.SecurityError, certificate.Message);
                case PictureFileException file:
                    return Picture.Fail(file.ErrorId, file.Message);
                case Exception fault:
                    return new ZoomFailure(ErrorIds.ConnectionFailed, FailureCategory.ConnectionError,
                        $"Could not reach Zoom ({state.Attempts} attempt(s)): {Innermost(fault)}");
            }

            var status = answer.HttpStatus ?? 0;
            var message = answer.Message ?? string.Empty;
            if (status == 401 && !_tokens.CanRenew)
                return new ZoomFailure(ErrorIds.AccessTokenInvalid, FailureCategory.AuthenticationError,
                    $"{message} The access token given to Connect-Zoom cannot be renewed: get a new one and run Connect-Zoom again.", status, answer.ErrorCode);
            return ErrorCatalog.Map(operation, status, answer.ErrorCode, message);
        }

        /// <summary>Every attempt of one call through the retry pipeline; the answer of the last one.</summary>
        private async Task<ZoomAnswer> RunAsync(OperationState state, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RetryPolicy.StateKey, state);
            try
            {
                return await _pipeline.ExecuteAsync(
                    static (ctx, s) => s.Client.AttemptAsync(s.State, s.Build, ctx.CancellationToken),
                    context, (Client: this, State: state, Build: build)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>One attempt: sent through the handlers (pacing, token, timeout, reading the answer), or the fault it ended in.</summary>
        private async ValueTask<ZoomAnswer> AttemptAsync(OperationState state, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
        {
            var started = _time.GetTimestamp();
            using var request = build();
            ZoomAnswer answer;
            try
            {
                answer = await _send(request, state, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ZoomAnswer.Classifies(ex))
            {
                answer = ZoomAnswer.FromFault(ex);
            }
            state.Record(answer, started);
            _recent.Record(answer);
            return answer;
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
