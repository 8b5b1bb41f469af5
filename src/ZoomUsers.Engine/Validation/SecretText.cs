using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace ZoomUsers.Validation
{
    /// <summary>
    /// The only place a SecureString becomes plaintext: into buffers the caller owns and that are
    /// cleared as soon as they are used. No managed string is ever made from a password.
    /// </summary>
    internal static class SecretText
    {
        public delegate T CharsFunc<T>(char[] chars, int length);

        public static T Use<T>(SecureString secret, CharsFunc<T> use)
        {
            var chars = new char[secret.Length];
            var unmanaged = IntPtr.Zero;
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secret);
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = (char)Marshal.ReadInt16(unmanaged, i * 2);
                return use(chars, chars.Length);
            }
            finally
            {
                if (unmanaged != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>UTF-8 bytes of the secret; the caller clears them.</summary>
        public static byte[] ToUtf8(SecureString secret) =>
            Use(secret, (chars, length) => Encoding.UTF8.GetBytes(chars, 0, length));

        /// <summary>Builds <c>{"name":"secret"}</c> as UTF-8 into an array the caller clears after sending.</summary>
        public static byte[] ToJsonObject(string name, char[] value, int length)
        {
            var escaped = new char[EscapedLength(value, length)];
            try
            {
                var at = 0;
                for (var i = 0; i < length; i++)
                    at = Escape(value[i], escaped, at);

                var prefix = Encoding.UTF8.GetBytes("{\"" + name + "\":\"");
                var suffix = Encoding.UTF8.GetBytes("\"}");
                var body = new byte[prefix.Length + Encoding.UTF8.GetByteCount(escaped) + suffix.Length];
                Buffer.BlockCopy(prefix, 0, body, 0, prefix.Length);
                var written = Encoding.UTF8.GetBytes(escaped, 0, escaped.Length, body, prefix.Length);
                Buffer.BlockCopy(suffix, 0, body, prefix.Length + written, suffix.Length);
                return body;
            }
            finally
            {
                Array.Clear(escaped, 0, escaped.Length);
            }
        }

        private static int EscapedLength(char[] value, int length)
        {
            var n = 0;
            for (var i = 0; i < length; i++)
            {
                var c = value[i];
                n += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
            }
            return n;
        }

        private static int Escape(char c, char[] into, int at)
        {
            const string hex = "0123456789abcdef";
            if (c == '"' || c == '\\')
            {
                into[at++] = '\\';
                into[at++] = c;
            }
            else if (c < 0x20)
            {
                into[at++] = '\\';
                into[at++] = 'u';
                into[at++] = '0';
                into[at++] = '0';
                into[at++] = hex[c >> 4];
                into[at++] = hex[c & 0xF];
            }
            else
            {
                into[at++] = c;
            }
            return at;
        }
    }
}
