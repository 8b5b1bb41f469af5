using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using ZoomUsers.Connection;
using ZoomUsers.Pipeline;

namespace ZoomUsers.Commands
{
    /// <summary>Connects the PowerShell session to a Zoom account through a Server-to-Server OAuth app.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Zoom", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(ZoomConnectionInfo))]
    public sealed class ConnectZoomCommand : PSCmdlet, IDisposable
    {
        private const string ClientSecretSet = "ClientSecret";
        private const string CredentialSet = "Credential";
        private const string AccessTokenSet = "AccessToken";
        private const string EnvironmentSet = "Environment";

        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string AccountId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; } = null!;

        /// <summary>User name = client id, password = client secret: what runbooks keep in a credential asset.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; } = null!;

        [Parameter]
        [ValidateNotNull]
        public Uri ApiBaseUri { get; set; } = null!;

        [Parameter]
        [ValidateNotNull]
        public Uri TokenUri { get; set; } = ZoomConnectionOptions.DefaultTokenUri;

        /// <summary>A ceiling, never exceeded in any one-second window. Not given: the pacer finds the account's limit.</summary>
        [Parameter]
        [ValidateRange(0.1, 1000.0)]
        public double RequestsPerSecond { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = ZoomConnectionOptions.DefaultTimeoutSec;

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = ZoomConnectionOptions.DefaultMaxRetryCount;

        /// <summary>
        /// The first retry's wait; later ones double it, with jitter. Hidden: Zoom's transient faults
        /// need no tuning, but a test run that injects thousands of them would otherwise spend minutes waiting.
        /// </summary>
        [Parameter(DontShow = true)]
        [ValidateRange(1, 60000)]
        public int RetryBaseDelayMs { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri Proxy { get; set; } = null!;

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential ProxyCredential { get; set; } = null!;

        /// <summary>The logged-on user's credentials for the proxy (-Proxy's, or the system's): Invoke-WebRequest's name.</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        protected override void ProcessRecord()
        {
            var options = new ZoomConnectionOptions
            {
                RequestsPerSecond = MyInvocation.BoundParameters.ContainsKey(nameof(RequestsPerSecond)) ? RequestsPerSecond : (double?)null,
                RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
                MaxRetryCount = MaxRetryCount,
                Proxy = Proxy,
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                ProxyUseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent,
            };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(RetryBaseDelayMs)))
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(RetryBaseDelayMs);

            switch (ParameterSetName)
            {
                case ClientSecretSet:
                    options.AccountId = AccountId;
                    options.ClientId = ClientId;
                    options.ClientSecret = ClientSecret;
                    break;
                case CredentialSet:
                    options.AccountId = AccountId;
                    options.ClientId = Credential.UserName;
                    options.ClientSecret = Credential.Password;
                    break;
                case AccessTokenSet:
                    options.AccessToken = AccessToken;
                    break;
                default:
                    var missing = ConnectionResolver.FillFromEnvironment(this, options);
                    if (missing.Count > 0)
                    {
                        ThrowTerminatingError(new ErrorRecord(
                            new ArgumentException($"Give -AccountId, -ClientId and -ClientSecret (or -Credential, or -AccessToken), or set the environment variables ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET. Missing: {string.Join(", ", missing)}."),
                            ErrorIds.ZoomCredentialsMissing, ErrorCategory.InvalidArgument, null));
                    }
                    WriteVerbose("Using the ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET environment variables.");
                    break;
            }

            // Parameters given on the command line win over the environment.
            if (MyInvocation.BoundParameters.ContainsKey(nameof(TokenUri))) options.TokenUri = TokenUri;
            if (ApiBaseUri != null) options.ApiBaseUri = ApiBaseUri;

            WriteVerbose(options.AccessToken != null
                ? $"Connecting to {options.ApiBaseUri ?? ZoomConnectionOptions.DefaultApiBaseUri} with the given access token."
                : $"Requesting a token for account '{options.AccountId}' and client '{options.ClientId}' from {options.TokenUri}.");
            var connection = ConnectionResolver.Connect(this, options, _cancellation.Token);
            ConnectionRegistry.Set(connection);
            WriteObject(connection.GetInfo());
        }

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose() => _cancellation.Dispose();
    }
}
