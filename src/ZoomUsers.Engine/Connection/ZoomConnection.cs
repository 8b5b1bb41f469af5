using System;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using ZoomUsers.Api;
using ZoomUsers.Auth;
using ZoomUsers.Diagnostics;
using ZoomUsers.Http;
using ZoomUsers.Pacing;
using ZoomUsers.Validation;

namespace ZoomUsers.Connection
{
    /// <summary>
    /// One connection to one Zoom account: its token, its HTTP pipeline and its rate limiter,
    /// shared by every cmdlet call in the PowerShell session that made it.
    /// </summary>
    internal sealed class ZoomConnection : IDisposable
    {
        private const string ApiClientName = "ZoomApi";
        private const string TokenClientName = "ZoomOAuth";
        private const string PictureClientName = "ZoomPictures";
        private static readonly string[] SettingsScopes = { "account:read:admin", "account:read:settings:admin", "account:read:settings:master", "account:master" };

        private readonly ServiceProvider _services;
        private readonly TokenCache _tokens;
        private readonly AccountPacers _pacers;
        private readonly ZoomApiClient _api;
        private readonly ZoomConnectionOptions _options;
        private readonly DateTimeOffset _connectedOn;
        private readonly SemaphoreSlim _rulesGate = new SemaphoreSlim(1, 1);
        private PasswordRules? _rules;

        private ZoomConnection(ServiceProvider services, TokenCache tokens, AccountPacers pacers, ZoomApiClient api, Uri apiBaseUri, ZoomConnectionOptions options, DateTimeOffset connectedOn)
        {
            _connectedOn = connectedOn;
            _services = services;
            _tokens = tokens;
            _pacers = pacers;
            _api = api;
            ApiBaseUri = apiBaseUri;
            _options = options;
        }

        public Uri ApiBaseUri { get; }

        /// <summary>Validates the options, fetches the first token (so bad credentials fail here, not on row one) and builds the pipeline.</summary>
        public static Task<ZoomConnection> ConnectAsync(ZoomConnectionOptions options, CancellationToken cancellationToken) =>
            ConnectAsync(options, TimeProvider.System, UnseededRandom(), cancellationToken);

        /// <param name="time">
        /// The connection's one clock, for pacing, token expiry and Retry-After alike. (Not an optional
        /// parameter of the overload above: the cmdlets' assembly loads outside the dependency context,
        /// where TimeProvider's assembly cannot be resolved, so no signature it calls may name it.)
        /// </param>
        /// <param name="random">The connection's one random source (numbers in [0, 1)), for every jitter: retry backoffs and 429 pauses without Retry-After.</param>
        public static async Task<ZoomConnection> ConnectAsync(ZoomConnectionOptions options, TimeProvider time, Func<double> random, CancellationToken cancellationToken)
        {
            var connectedOn = time.GetUtcNow();
            var insecure = TransportPolicy.Check(options.TokenUri, "The token URI")
                           ?? (options.ApiBaseUri != null ? TransportPolicy.Check(options.ApiBaseUri, "The API base URI") : null);
            if (insecure != null) throw new ArgumentException(insecure);
            if (options.RequestsPerSecond.HasValue && !(options.RequestsPerSecond.Value > 0)) throw new ArgumentException("RequestsPerSecond must be greater than 0.");
            if (options.ProxyUseDefaultCredentials && options.ProxyCredential != null) throw new ArgumentException("Give -ProxyCredential or -ProxyUseDefaultCredentials, not both.");

            var pacers = new AccountPacers(options.RequestsPerSecond, time, random);
            TokenCache? tokens = null;
            var services = BuildServices(options);
            try
            {
                var factory = services.GetRequiredService<IHttpClientFactory>();
                ITokenSource source;
                AccessToken? initial = null;
                if (options.AccessToken != null)
                {
                    var value = SecretText.Use(options.AccessToken, (chars, length) => new string(chars, 0, length));
                    initial = new AccessToken(value, null, Array.Empty<string>(), null);
                    source = new StaticTokenSource(initial);
                }
                else
                {
                    if (string.IsNullOrWhiteSpace(options.AccountId) || string.IsNullOrWhiteSpace(options.ClientId) || options.ClientSecret == null || options.ClientSecret.Length == 0)
                        throw new ArgumentException("An account id, a client id and a client secret are all needed.");
                    source = new ClientCredentialsTokenSource(() => factory.CreateClient(TokenClientName), options.TokenUri, options.AccountId!, options.ClientId!, options.ClientSecret, time);
                }

                tokens = new TokenCache(source, initial, time);
                var token = await RetryPolicy.BuildForFirstToken(options, time, random)
                    .ExecuteAsync(static async (t, ct) => await t.GetAsync(ct).ConfigureAwait(false), tokens, cancellationToken)
                    .ConfigureAwait(false);

                var apiBase = options.ApiBaseUri ?? (token.ApiUrl != null ? new Uri(token.ApiUrl.AbsoluteUri.TrimEnd('/') + "/v2") : ZoomConnectionOptions.DefaultApiBaseUri);
                insecure = TransportPolicy.Check(apiBase, "The api_url in Zoom's token answer");
                if (insecure != null) throw new ArgumentException(insecure);

                var send = AttemptChain.Build(pacers, tokens, options.RequestTimeout, () => factory.CreateClient(ApiClientName), time);
                var api = new ZoomApiClient(send, apiBase, RetryPolicy.Build(options, tokens, time, random), tokens, options.RequestTimeout, options.MaxRetryCount, time);
                return new ZoomConnection(services, tokens, pacers, api, apiBase, options, connectedOn);
            }
            catch
            {
                tokens?.Dispose();
                services.Dispose();
                pacers.Dispose();
                throw;
            }
        }

        /// <summary>Numbers in [0, 1) from one <see cref="Random"/>, safe to ask from any worker.</summary>
        private static Func<double> UnseededRandom()
        {
            var random = new Random();
            return () =>
            {
                lock (random) return random.NextDouble();
            };
        }

        public ZoomConnectionInfo GetInfo()
        {
            var token = _tokens.Current;
            return new ZoomConnectionInfo(
                // Renewable means Server-to-Server OAuth: a token handed to Connect-Zoom cannot be renewed.
                _options.AccountId, _options.ClientId, _tokens.CanRenew ? "ClientCredentials" : "AccessToken", ApiBaseUri,
                _tokens.CanRenew ? _options.TokenUri : null,
                token?.Scopes ?? Array.Empty<string>(), token?.ExpiresOn, _pacers.Medium.Mode, Math.Round(_pacers.Medium.CurrentRate, 2),
                _pacers.Medium.Ceiling < RateController.MaximumRate ? Math.Round(_pacers.Medium.Ceiling, 2) : (double?)null, _pacers.Medium.AdvertisedLimit, _connectedOn);
        }

        /// <summary>Rows worth having in flight to hold the Medium pacer's rate at the round trip measured (at least 1).</summary>
        public int SuggestedConcurrency => Math.Max(1, _pacers.Medium.SuggestedConcurrency);

        /// <summary>Rows worth having in flight when each row sends one request of each of these labels in turn (at least 1).</summary>
        public int SuggestedConcurrencyFor(RateLabel[] labels) => Math.Max(1, _pacers.SuggestedConcurrency(labels));

        /// <summary>The -Verbose line for a run whose -ThrottleLimit, not the rate, limits it; null otherwise.</summary>
        public string? ConcurrencyLimitNote(int throttleLimit) => _pacers.Medium.ConcurrencyLimitNote(throttleLimit);

        /// <summary>Downloads from pic_url, without the token, over HTTPS or the API's own scheme, within -TimeoutSec.</summary>
        public Backup.PictureDownload PictureDownload()
        {
            var factory = _services.GetRequiredService<IHttpClientFactory>();
            return new Backup.PictureDownload(() => factory.CreateClient(PictureClientName), ApiBaseUri, _options.RequestTimeout);
        }

        /// <summary>GET /users/{userId}, paced on the Light budget.</summary>
        public Task<UserUpdateResult> GetUserAsync(string userId, IOperationLog? log, CancellationToken cancellationToken) =>
            _api.GetUserAsync(userId, log, cancellationToken);

        /// <summary>One page of GET /users for one status, paced on the Medium budget.</summary>
        public Task<UserUpdateResult> ListUsersAsync(string status, int pageSize, string? pageToken, Action<Users.UserPage> page, IOperationLog? log, CancellationToken cancellationToken) =>
            _api.ListUsersAsync(status, pageSize, pageToken, page, log, cancellationToken);

        public Task<UserUpdateResult> SetPictureAsync(string userId, Picture picture, IOperationLog? log, CancellationToken cancellationToken) =>
            _api.UploadPictureAsync(userId, picture, log, cancellationToken);

        public Task<UserUpdateResult> RemovePictureAsync(string userId, IOperationLog? log, CancellationToken cancellationToken) =>
            _api.RemovePictureAsync(userId, log, cancellationToken);

        /// <summary>
        /// Sends a password the admin gave. A second round sends it only within <see cref="ResendWindow.Default"/>
        /// of an attempt that may have set it: the user may have chosen their own since.
        /// </summary>
        /// <param name="passwordBody">From <see cref="PasswordRequest.Prepare"/>; cleared here after the row's last attempt.</param>
        public Task<UserUpdateResult> SetPasswordAsync(string userId, byte[] passwordBody, IOperationLog? log, CancellationToken cancellationToken) =>
            SendPasswordAsync(userId, passwordBody, ResendWindow.Default, log, cancellationToken);

        /// <summary>
        /// Sends a password made for the row: the same body on every attempt, the second round's included,
        /// so a retry after an attempt that landed meets "can not match the old password", which reads as
        /// success. The result carries the password only when Zoom took it; otherwise it is disposed once
        /// the row's last attempt is done.
        /// </summary>
        public async Task<UserUpdateResult> SetGeneratedPasswordAsync(string userId, GeneratedPassword password, IOperationLog? log, CancellationToken cancellationToken)
        {
            UserUpdateResult? result = null;
            try
            {
                // No resend window: nobody has seen the password before its row's result is written.
                result = await SendPasswordAsync(userId, password.Body, null, log, cancellationToken).ConfigureAwait(false);
                return password.GiveTo(result);
            }
            finally
            {
                if (result?.SecondRound is SecondRound later)
                {
                    later.Then(password.GiveTo);
                    later.Finally(password.Dispose);
                }
                else
                {
                    password.Dispose();
                }
            }
        }

        private async Task<UserUpdateResult> SendPasswordAsync(string userId, byte[] passwordBody, TimeSpan? resendWithin, IOperationLog? log, CancellationToken cancellationToken)
        {
            UserUpdateResult? result = null;
            try
            {
                return result = await _api.SetPasswordAsync(userId, passwordBody, log, cancellationToken, resendWithin).ConfigureAwait(false);
            }
            finally
            {
                // A second round sends the same body: it is cleared when that round ends or is abandoned.
                if (result?.SecondRound is SecondRound later) later.Finally(() => Array.Clear(passwordBody, 0, passwordBody.Length));
                else Array.Clear(passwordBody, 0, passwordBody.Length);
            }
        }

        /// <summary>
        /// The rules to check passwords against: the account's enhanced rules when the token may read
        /// them (read once per connection), else Zoom's basic rules. Never fails the run: a read that
        /// failed for now is not remembered, so a later call gets the account's rules after all.
        /// </summary>
        public async Task<PasswordRules> GetPasswordRulesAsync(IOperationLog? log, CancellationToken cancellationToken)
        {
            if (_rules != null) return _rules;
            await _rulesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_rules != null) return _rules;
                var scopes = _tokens.Current?.Scopes ?? Array.Empty<string>();
                if (scopes.Length > 0 && !scopes.Any(s => SettingsScopes.Contains(s, StringComparer.OrdinalIgnoreCase)))
                {
                    log?.Verbose("The token has no account:read scope, so the account's enhanced password rules cannot be read; checking Zoom's basic rules only.");
                    return _rules = PasswordRules.Basic;
                }
                var read = await _api.GetPasswordRulesAsync(log, cancellationToken).ConfigureAwait(false);
                return read == null ? PasswordRules.Basic : _rules = read;
            }
            finally
            {
                _rulesGate.Release();
            }
        }

        private static ServiceProvider BuildServices(ZoomConnectionOptions options)
        {
            var services = new ServiceCollection();
            // The socket-level handler alone: the handlers every attempt passes are AttemptChain's.
            services.AddHttpClient(ApiClientName, client => Configure(client, Timeout.InfiniteTimeSpan))
                .ConfigurePrimaryHttpMessageHandler(() => PrimaryHandlerFactory.Create(options));
            services.AddHttpClient(TokenClientName, client => Configure(client, options.RequestTimeout))
                .ConfigurePrimaryHttpMessageHandler(() => PrimaryHandlerFactory.Create(options));
            // pic_url's host: the same proxy and TLS rules, and no handler that could add the token.
            services.AddHttpClient(PictureClientName, client => Configure(client, Timeout.InfiniteTimeSpan))
                .ConfigurePrimaryHttpMessageHandler(() => PrimaryHandlerFactory.Create(options));
            // The factory's default logging handlers write nowhere here; drop them from the hot path.
            services.RemoveAll<IHttpMessageHandlerBuilderFilter>();
            return services.BuildServiceProvider();

            void Configure(HttpClient client, TimeSpan timeout)
            {
                client.Timeout = timeout;
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
                // Per client, not ServicePointManager.Expect100Continue: that would change every other
                // module's requests, and reaches only hosts not yet contacted. .NET Framework's handler
                // applies a request's explicit "false" to its host's connections on each send.
                client.DefaultRequestHeaders.ExpectContinue = false;
            }
        }

        public void Dispose()
        {
            _services.Dispose();
            _tokens.Dispose();
            _pacers.Dispose();
            _rulesGate.Dispose();
        }
    }
}
