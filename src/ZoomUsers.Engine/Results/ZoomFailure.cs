namespace ZoomUsers.Results
{
    /// <summary>Why a row failed: a stable id, a message fit for a report, and the category.</summary>
    internal sealed class ZoomFailure
    {
        public ZoomFailure(string errorId, FailureCategory category, string message, int? httpStatus = null, int? errorCode = null)
        {
            ErrorId = errorId;
            Category = category;
            Message = message;
            HttpStatus = httpStatus;
            ErrorCode = errorCode;
        }

        public string ErrorId { get; }
        public FailureCategory Category { get; }
        public string Message { get; }
        public int? HttpStatus { get; }
        public int? ErrorCode { get; }
    }
}
