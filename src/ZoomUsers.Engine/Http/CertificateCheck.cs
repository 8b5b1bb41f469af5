using System.Net.Http;
using System.Threading;

namespace ZoomUsers.Http
{
    /// <summary>
    /// One request's certificate verdict, carried by the request itself (in its Properties, which
    /// .NET 5 and later also call Options): <see cref="CertificateFailureHandler"/> attaches a new one
    /// to each request before sending it, and the validation callback, which the runtime calls with the
    /// request whose connection is being made, records there what failed. So a request names the
    /// failure of its own handshake, never that of another request to the same host made at the same time.
    /// </summary>
    internal sealed class CertificateCheck
    {
        private const string Key = "ZoomUsers.CertificateCheck";

        private CertificateVerdict? _failure;

        /// <summary>What failed at the request's handshake; null while none has failed.</summary>
        public CertificateVerdict? Failure
        {
            get => Volatile.Read(ref _failure);
            set => Volatile.Write(ref _failure, value);
        }

        /// <summary>A new check on <paramref name="request"/>, before it is sent (the callback only reads the request's properties).</summary>
        public static CertificateCheck Attach(HttpRequestMessage request)
        {
            var check = new CertificateCheck();
            request.Properties[Key] = check;
            return check;
        }

        /// <summary>The check attached to <paramref name="request"/>; null for a request sent without one.</summary>
        public static CertificateCheck? Of(HttpRequestMessage? request) =>
            request != null && request.Properties.TryGetValue(Key, out var check) ? check as CertificateCheck : null;
    }
}
