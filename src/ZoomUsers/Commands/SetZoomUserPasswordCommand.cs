using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using ZoomUsers.Pipeline;
using ZoomUsers.Results;
using ZoomUsers.Transformations;
using ZoomUsers.Validation;

namespace ZoomUsers.Commands
{
    /// <summary>
    /// Sets passwords from SecureStrings (or Import-Csv strings), checked against Zoom's rules before
    /// sending; or, with -Random, makes a new one per user and hands it back only as a SecureString.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ZoomUserPassword", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = GivenSet)]
    [OutputType(typeof(UserUpdateResult))]
    public sealed class SetZoomUserPasswordCommand : ZoomBulkCommandBase
    {
        private const string GivenSet = "Password";
        private const string RandomSet = "Random";
        private PasswordRules _rules = PasswordRules.Basic;

        // Named only: a positional plain-text password is too easy to leave in the command history.
        // Not Mandatory: a row without a password column must get its own result (PasswordMissing), not
        // a binding error that leaves no trace in the report. Typed at the command line without one,
        // the password is asked for as PowerShell asks for a mandatory parameter (AskForPassword).
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = GivenSet)]
        [Alias("NewPassword")]
        [SecureStringTransformation]
        [AllowNull]
        public SecureString Password { get; set; } = null!;

        /// <summary>A new password per user from the OS's cryptographic random source, returned as the result's NewPassword.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RandomSet)]
        public SwitchParameter Random { get; set; }

        // The user's names, when the row has them: Zoom refuses a password that contains them.
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RandomSet)]
        [Alias("GivenName", "first_name")]
        [AllowNull, AllowEmptyString]
        public string? FirstName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RandomSet)]
        [Alias("Surname", "sn", "last_name")]
        [AllowNull, AllowEmptyString]
        public string? LastName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RandomSet)]
        [Alias("Name", "display_name")]
        [AllowNull, AllowEmptyString]
        public string? DisplayName { get; set; }

        protected override ZoomOperation Operation => ZoomOperation.SetPassword;

        protected override void BeginProcessing()
        {
            if (ParameterSetName == GivenSet && !MyInvocation.BoundParameters.ContainsKey(nameof(Password)) && !MyInvocation.ExpectingInput)
                AskForPassword();
            base.BeginProcessing();
            _rules = PipelineStop.OnCancel(() => Connection.GetPasswordRulesAsync(Log, Cancellation).GetAwaiter().GetResult());
            DeliverReady();
            if (!Random)
                WriteVerbose($"Passwords are checked against: {_rules}.");
            else if (PasswordGenerator.CannotMeet(_rules) == null)
                WriteVerbose($"Random passwords of {PasswordGenerator.LengthFor(_rules)} characters are made to meet: {_rules}.");
        }

        protected override void ProcessRecord()
        {
            if (UserIdCheck.Check(UserId) is ZoomFailure badId)
            {
                ReportLocalFailure(UserIdCheck.ForReport(UserId), badId);
                return;
            }
            if (Random)
                SetRandomPassword(UserId);
            else
                SetGivenPassword(UserId);
            DeliverReady();
        }

        private void SetGivenPassword(string userId)
        {
            var request = PasswordRequest.Prepare(Password, _rules);
            if (request.Value is not byte[] body)
            {
                ReportLocalFailure(userId, request.Failure!);
                return;
            }

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
        }

        private void SetRandomPassword(string userId)
        {
            // Rules no password can meet fail every row here, before any request (and under -WhatIf too).
            if (PasswordRequest.Unmeetable(_rules) is ZoomFailure unmeetable)
            {
                ReportLocalFailure(userId, unmeetable);
                return;
            }
            // Made only once the row is confirmed: -WhatIf and a declined row never hold a password.
            if (!ShouldProcess(userId, "Set a random password")) return;

            var request = PasswordRequest.Generate(PasswordGenerator.Os, _rules, PasswordGenerator.PartsToAvoid(userId, FirstName, LastName, DisplayName));
            if (request.Value is not GeneratedPassword password)
            {
                ReportLocalFailure(userId, request.Failure!);
                return;
            }

            var started = false;
            try
            {
                WriteVerbose($"Setting a random password for '{userId}' (password redacted), free of the user's address{NamesGiven()}.");
                StartRow(userId, ct => Connection.SetGeneratedPasswordAsync(userId, password, Log, ct));
                started = true;
            }
            finally
            {
                if (!started) password.Dispose();
            }
        }

        /// <summary>
        /// No -Password and no pipeline that could bring one: asks the host for it, as a SecureString, the
        /// way PowerShell asks for a missing mandatory parameter. A host that cannot ask (a runbook,
        /// -NonInteractive) leaves it missing, and the row fails with PasswordMissing.
        /// </summary>
        private void AskForPassword()
        {
            var field = new FieldDescription(nameof(Password)) { IsMandatory = true };
            field.SetParameterType(typeof(SecureString));
            try
            {
                var answers = Host.UI.Prompt(
                    $"cmdlet {MyInvocation.MyCommand.Name} at command pipeline position {MyInvocation.PipelinePosition}",
                    "Supply values for the following parameters:",
                    new Collection<FieldDescription> { field });
                if (answers != null && answers.TryGetValue(nameof(Password), out var answer))
                    Password = SecureStringTransformationAttribute.ToSecureString(answer)!;
            }
            catch (Exception ex) when (ex is HostException || ex is NotImplementedException || ex is NotSupportedException || ex is PSInvalidOperationException)
            {
                WriteVerbose($"The host cannot ask for the password ({ex.GetType().Name}): give -Password.");
            }
        }

        /// <summary>Which of the row's names the password avoids, for -Verbose: the parameters, never their values.</summary>
        private string NamesGiven()
        {
            var given = new[] { (nameof(FirstName), FirstName), (nameof(LastName), LastName), (nameof(DisplayName), DisplayName) }
                .Where(n => !string.IsNullOrWhiteSpace(n.Item2)).Select(n => n.Item1).ToList();
            return given.Count == 0 ? string.Empty : " and " + string.Join(", ", given);
        }
    }
}
