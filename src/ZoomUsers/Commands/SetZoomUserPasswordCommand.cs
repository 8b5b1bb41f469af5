using System;
using System.Management.Automation;
using System.Security;
using ZoomUsers.Results;
using ZoomUsers.Transformations;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>Sets passwords from SecureStrings (or Import-Csv strings), checked against Zoom's rules before sending.</summary>
    [Cmdlet(VerbsCommon.Set, "ZoomUserPassword", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class SetZoomUserPasswordCommand : ZoomBulkCommandBase
    {
        private PasswordRules _rules = PasswordRules.Basic;

        // Named only: a positional plain-text password is too easy to leave in the command history.
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("NewPassword")]
        [SecureStringTransformation]
        [AllowNull]
        public SecureString Password { get; set; } = null!;

        protected override ZoomOperation Operation => ZoomOperation.SetPassword;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _rules = PipelineStop.OnCancel(() => Connection.GetPasswordRulesAsync(Log, Cancellation).GetAwaiter().GetResult());
            DeliverReady();
            WriteVerbose($"Passwords are checked against: {_rules}.");
        }

        protected override void ProcessRecord()
        {
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }

            var request = PasswordRequest.Prepare(Password, _rules);
            if (request.Value is not byte[] body)
            {
                ReportLocalFailure(UserId, request.Failure!);
                return;
            }

            var userId = UserId;
            var started = false;
            try
            {
                if (!ShouldProcess(userId, "Set password")) return;
                WriteVerbose($"Setting the password of '{userId}' (password redacted).");
                StartRow(userId, ct => Connection.SetPasswordAsync(userId, body, Log, ct));
                started = true;
            }
            finally
            {
                // Declined, or stopped before the row started: the plaintext body dies here. Once
                // started, the session clears it when the request is done.
                if (!started) Array.Clear(body, 0, body.Length);
            }
            DeliverReady();
        }
    }
}
