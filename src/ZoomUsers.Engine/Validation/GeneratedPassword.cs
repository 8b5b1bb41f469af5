using System;
using System.Security;
using System.Threading;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// A password made for one row, in the two forms it lives in: the request body that carries it to
    /// Zoom (sent as often as the row is tried, its second round included, never made again) and the
    /// SecureString the result hands to the admin. No string of it exists.
    /// </summary>
    internal sealed class GeneratedPassword : IDisposable
    {
        private int _given;

        public GeneratedPassword(byte[] body, SecureString password)
        {
            Body = body;
            Password = password;
        }

        /// <summary>{"password":"..."} as UTF-8; cleared once the row's last attempt is done.</summary>
        public byte[] Body { get; }

        /// <summary>Read-only; given to the result when Zoom took the password, disposed otherwise.</summary>
        public SecureString Password { get; }

        /// <summary>Hands the password to <paramref name="result"/> when Zoom took it (its NewPassword); then <see cref="Dispose"/> leaves it to the result.</summary>
        public UserUpdateResult GiveTo(UserUpdateResult result)
        {
            if (result.Status == UpdateStatus.Succeeded)
            {
                result.NewPassword = Password;
                Interlocked.Exchange(ref _given, 1);
            }
            return result;
        }

        /// <summary>The row is done: clears the body, and disposes the SecureString unless a result has it.</summary>
        public void Dispose()
        {
            Array.Clear(Body, 0, Body.Length);
            if (Volatile.Read(ref _given) == 0) Password.Dispose();
        }
    }
}
