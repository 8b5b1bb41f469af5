using System;
using System.Management.Automation;
using System.Security;

namespace ZoomUsers.Transformations
{
    /// <summary>
    /// Lets a plain string (an Import-Csv column) or a PSCredential bind to a SecureString parameter.
    /// The string already sits in the caller's row object; this makes no further copy than the SecureString.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => ToSecureString(inputData);

        /// <summary>The SecureString a value stands for (null for null), as binding makes it.</summary>
        internal static SecureString? ToSecureString(object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case SecureString secure:
                    return secure;
                case PSCredential credential:
                    // A credential's ToString is its type name: the password is what was meant.
                    return credential.Password;
                case string text:
                    return ToSecureString(text);
                default:
                    return ToSecureString(value.ToString() ?? string.Empty);
            }
        }

        private static SecureString ToSecureString(string text)
        {
            var secure = new SecureString();
            foreach (var c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
