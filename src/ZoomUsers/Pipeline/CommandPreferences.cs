using System;
using System.Management.Automation;

namespace ZoomUsers.Pipeline
{
    /// <summary>
    /// What a common parameter means for this call: the value bound on the command line
    /// (-Verbose, -WhatIf, -ProgressAction), else the preference variable in scope.
    /// </summary>
    internal static class CommandPreferences
    {
        public static object? Effective(PSCmdlet cmdlet, string parameter, string preferenceVariable)
        {
            var value = cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var bound)
                ? bound
                : cmdlet.GetVariableValue(preferenceVariable);
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }

        /// <summary>A switch (-WhatIf, -Verbose) or a boolean preference ($WhatIfPreference).</summary>
        public static bool IsSet(object? value) => value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);

        public static ActionPreference? AsPreference(object? value) => value switch
        {
            ActionPreference p => p,
            string text when Enum.TryParse<ActionPreference>(text, true, out var parsed) => parsed,
            _ => null,
        };

        public static bool IsSilent(ActionPreference p) => p == ActionPreference.SilentlyContinue || p == ActionPreference.Ignore;
    }
}
