using ZoomUsers.Results;

namespace ZoomUsers.Validation
{
    /// <summary>A local check's verdict: the value that passed, or the one failure that says why not (never both).</summary>
    internal readonly struct Checked<T> where T : class
    {
        private Checked(T? value, ZoomFailure? failure)
        {
            Value = value;
            Failure = failure;
        }

        public T? Value { get; }
        public ZoomFailure? Failure { get; }

        public static Checked<T> Passed(T value) => new Checked<T>(value, null);

        public static Checked<T> Failed(ZoomFailure failure) => new Checked<T>(null, failure);

        public static implicit operator Checked<T>(ZoomFailure failure) => Failed(failure);
    }
}
