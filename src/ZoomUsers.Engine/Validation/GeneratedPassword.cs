using System;
using System.Security;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// A password made for one row, in the two forms it lives in: the request body that carries it to
    /// Zoom (sent as often as the row is tried, never made again) and the SecureString the result hands
    /// to the admin. No string of it exists.
    /// </summary>
    internal sealed class GeneratedPassword : IDisposable
    {
        public GeneratedPassword(byte[] body, SecureString password)
        {
            Body = body;
            Password = password;
        }

        /// <summary>{"password":"..."} as UTF-8; cleared once the row's request is done.</summary>
        public byte[] Body { get; }

        /// <summary>Read-only; given to the result when Zoom took the password, disposed otherwise.</summary>
        public SecureString Password { get; }

        /// <summary>For a row that never sent it: clears the body and disposes the SecureString.</summary>
        public void Dispose()
        {
            Array.Clear(Body, 0, Body.Length);
            Password.Dispose();
        }
    }
}
