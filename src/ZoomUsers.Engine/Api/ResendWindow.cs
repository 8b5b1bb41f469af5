using System;

namespace ZoomUsers.Api
{
    /// <summary>
    /// How long after an attempt that may have set a given password its second round may still send it.
    /// Once it is in place the user can sign in with it and choose their own; sending the admin's again
    /// later would undo that. Within the window a second round finds its own password in place ("can not
    /// match the old password", a success) or sets it; after it, the row keeps its failure and says why.
    /// A password the module generated is not bounded: nobody has it before its row's result is written.
    /// </summary>
    internal sealed class ResendWindow
    {
        /// <summary>Long enough for a run's second rounds to follow a short outage; short next to a user reading mail and signing in.</summary>
        public static readonly TimeSpan Default = TimeSpan.FromMinutes(10);

        private readonly TimeProvider _time;

        /// <param name="time">The connection's clock: <paramref name="since"/> timestamps are its.</param>
        public ResendWindow(TimeProvider time, TimeSpan length)
        {
            _time = time;
            Length = length;
        }

        public TimeSpan Length { get; }

        /// <param name="mayHaveLandedAt">When the first attempt that may have set the password began (a timestamp of the clock), or null when none may have.</param>
        /// <returns>Why the password may no longer be sent again, or null when it may.</returns>
        public string? TooLate(long? mayHaveLandedAt)
        {
            if (!(mayHaveLandedAt is long at)) return null;
            var age = _time.GetElapsedTime(at);
            if (age <= Length) return null;
            return $"Not tried again at the end of the run: an earlier attempt may have set this password {Minutes(age)} ago, more than {Minutes(Length)}, " +
                   "and the user may have changed it since. Check the user's sign-in and send it again if needed.";
        }

        private static string Minutes(TimeSpan span) =>
            span.TotalMinutes >= 1 ? $"{Math.Floor(span.TotalMinutes):0} min" : $"{Math.Floor(span.TotalSeconds):0} s";
    }
}
