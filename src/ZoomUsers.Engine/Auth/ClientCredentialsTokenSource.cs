using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ZoomUsers.Http;
using ZoomUsers.Validation;

namespace ZoomUsers.Auth
{
    /// <summary>
    /// Server-to-Server OAuth: <c>grant_type=account_credentials</c> with Basic client credentials.
    /// Zoom issues no refresh token, so renewal is simply asking again.
    /// </summary>
    internal sealed class ClientCredentialsTokenSource : ITokenSource
    {
        private static readonly char[] ScopeSeparator = { ' ' };

        private readonly Func<HttpClient> _client;
        private readonly Uri _tokenUri;
        private readonly string _accountId;
        private readonly string _clientId;
        private readonly SecureString _clientSecret;
        private readonly TimeProvider _time;

        /// <param name="time">The connection's clock: expires_in becomes a time on it (null: <see cref="TimeProvider.System"/>).</param>
        public ClientCredentialsTokenSource(Func<HttpClient> client, Uri tokenUri, string accountId, string clientId, SecureString clientSecret, TimeProvider? time = null)
        {
            _time = time ?? TimeProvider.System;
            _client = client;
            _tokenUri = tokenUri;
            _accountId = accountId;
            _clientId = clientId;
            _clientSecret = clientSecret.Copy();
            _clientSecret.MakeReadOnly();
        }

        public bool CanRenew => true;

        public async Task<AccessToken> AcquireAsync(CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUri)
            {
                Content = new FormUrlEncodedContent(new[]
                {
                    new KeyValuePair<string, string>("grant_type", "account_credentials"),
                    new KeyValuePair<string, string>("account_id", _accountId),
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredentials());

            HttpResponseMessage response;
            try
            {
                response = await _client().SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            // A proxy's refusal and a refused certificate are the path's answers, not the token service's: they pass as they are.
            catch (HttpRequestException ex) when (!(ex is ProxyAuthenticationException) && !(ex is TlsCertificateException))
            {
                throw new ZoomAuthenticationException($"Could not reach Zoom's token service at {_tokenUri}: {ex.Message}", inner: ex, transient: true);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ZoomAuthenticationException($"Zoom's token service at {_tokenUri} did not answer in time.", inner: ex, transient: true);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw Refused(response, body);
                return Parse(body);
            }
        }

        /// <summary>base64(client_id:client_secret), built through cleared buffers; the header string itself cannot be wiped.</summary>
        private string BasicCredentials()
        {
            var id = Encoding.UTF8.GetBytes(_clientId + ":");
            var secret = SecretText.ToUtf8(_clientSecret);
            var joined = new byte[id.Length + secret.Length];
            try
            {
                Buffer.BlockCopy(id, 0, joined, 0, id.Length);
                Buffer.BlockCopy(secret, 0, joined, id.Length, secret.Length);
                return Convert.ToBase64String(joined);
            }
            finally
            {
                Array.Clear(secret, 0, secret.Length);
                Array.Clear(joined, 0, joined.Length);
            }
        }

        private ZoomAuthenticationException Refused(HttpResponseMessage response, string body)
        {
            string? error = null, reason = null;
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    error = ReadString(json.RootElement, "error");
                    reason = ReadString(json.RootElement, "reason") ?? ReadString(json.RootElement, "message");
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's error page): the status line alone is the best we have.
            }

            var said = error != null || reason != null
                ? $"{error ?? "error"}: {reason ?? "no reason given"}"
                : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            return new ZoomAuthenticationException(
                $"Zoom refused the token request for account '{_accountId}' and client '{_clientId}' ({said}).",
                error, (int)response.StatusCode);
        }

        private AccessToken Parse(string body)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var token = ReadString(root, "access_token");
                if (string.IsNullOrEmpty(token))
                    throw new ZoomAuthenticationException("Zoom's token service answered without an access_token.");

                DateTimeOffset? expiresOn = null;
                if (root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number)
                    expiresOn = _time.GetUtcNow().AddSeconds(expires.GetDouble());

                var scopes = (ReadString(root, "scope") ?? string.Empty).Split(ScopeSeparator, StringSplitOptions.RemoveEmptyEntries);
                Uri? apiUrl = null;
                var api = ReadString(root, "api_url");
                if (!string.IsNullOrEmpty(api) && Uri.TryCreate(api, UriKind.Absolute, out var parsed))
                    apiUrl = parsed;
                return new AccessToken(token!, expiresOn, scopes, apiUrl);
            }
            catch (JsonException ex)
            {
                throw new ZoomAuthenticationException("Zoom's token service answered with something that is not JSON.", inner: ex);
            }
        }

        private static string? ReadString(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
