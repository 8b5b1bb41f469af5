using System.Net.Http;
using ZoomUsers.Diagnostics;

namespace ZoomUsers.Http
{
    /// <summary>
    /// What one row's request learns across its attempts. It travels in the request's property bag
    /// so the handlers can record what they saw without knowing which operation they serve.
    /// </summary>
    internal sealed class OperationState
    {
        private const string Key = "ZoomUsers.OperationState";

        public OperationState(string description, IOperationLog? log)
        {
            Description = description;
            Log = log;
        }

        public string Description { get; }
        public IOperationLog? Log { get; }
        /// <summary>Requests really released to the network (a row stopped by the daily limit before sending has none).</summary>
        public int Attempts { get; set; }
        /// <summary>Retries after 5xx, dropped connections and timeouts: what -MaxRetryCount bounds.</summary>
        public int TransientRetries { get; set; }
        /// <summary>Retries after per-second 429s: being paced is not a failure, so these have their own budget.</summary>
        public int RateLimitRetries { get; set; }
        /// <summary>Retries with a renewed token after Zoom called the previous one expired.</summary>
        public int TokenRetries { get; set; }
        /// <summary>Zoom answered 401 code 124 to the last attempt and the token was dropped.</summary>
        public bool TokenRejected { get; set; }
        /// <summary>The daily quota answered the last attempt: no retry helps.</summary>
        public bool DailyLimited { get; set; }
        /// <summary>An earlier attempt may have reached Zoom and been applied (timeout, dropped connection, 5xx).</summary>
        public bool MayHaveLanded { get; set; }

        public void Attach(HttpRequestMessage request) => request.Properties[Key] = this;

        public static OperationState? Of(HttpRequestMessage? request) =>
            request != null && request.Properties.TryGetValue(Key, out var value) ? value as OperationState : null;
    }
}
