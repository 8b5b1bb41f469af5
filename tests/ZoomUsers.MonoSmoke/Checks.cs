using System;

namespace ZoomUsers.MonoSmoke
{
    /// <summary>Named checks, each printed as it ends; the closing line is what .ci/run adds up.</summary>
    internal sealed class Checks
    {
        public int Passed { get; private set; }
        public int Failed { get; private set; }

        public void Run(string name, Func<string?> check)
        {
            string? failure;
            try
            {
                failure = check();
            }
            catch (Exception ex)
            {
                failure = ex.GetType().Name + ": " + ex.Message + (ex.InnerException != null ? " / " + ex.InnerException.GetType().Name + ": " + ex.InnerException.Message : string.Empty);
            }
            if (failure == null)
            {
                Passed++;
                Console.WriteLine("PASS " + name);
            }
            else
            {
                Failed++;
                Console.WriteLine("FAIL " + name + ": " + failure);
            }
        }

        /// <summary>The closing line, which .ci/mono-smoke reads: "Mono smoke: passed=N failed=N".</summary>
        public string Totals => $"Mono smoke: passed={Passed} failed={Failed}";
    }
}
