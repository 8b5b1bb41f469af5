using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Security;

/// <summary>
/// Collects every piece of text a run exposed, further than <see cref="PsResult.Everything"/> goes:
/// output objects walked property by property (nested objects too), each error record's exception
/// chain with its Data, its ErrorDetails, its target walked like an output object, and the parameters
/// the engine kept in its InvocationInfo; host lines, prompts and progress. Then asserts that no
/// secret appears in any form a careless formatter could produce (as is, JSON-escaped, Base64).
/// </summary>
public static class LeakScanner
{
    public static string Collect(PsResult result, RecordingUI? ui = null)
    {
        var text = new StringBuilder(result.Everything());
        foreach (var o in result.Output) Walk(o, text, 0);
        foreach (var e in result.Errors)
        {
            text.AppendLine(e.ToString());
            text.AppendLine(e.CategoryInfo.ToString());
            text.AppendLine(e.ErrorDetails?.Message);
            text.AppendLine(e.ErrorDetails?.RecommendedAction);
            text.AppendLine(e.ScriptStackTrace);
            for (var ex = e.Exception; ex != null; ex = ex.InnerException)
            {
                text.AppendLine(ex.GetType().FullName + ": " + ex.Message);
                foreach (DictionaryEntry d in ex.Data) text.AppendLine(CultureInfo.InvariantCulture, $"{d.Key}={d.Value}");
            }
            Walk(e.TargetObject, text, 0);
            if (e.InvocationInfo?.BoundParameters is { } bound)
                foreach (var (name, value) in bound) text.AppendLine(name + "=" + Describe(value));
        }
        foreach (var p in result.Progress) text.AppendLine(CultureInfo.InvariantCulture, $"{p.Activity} {p.StatusDescription} {p.CurrentOperation}");
        if (ui != null)
        {
            text.AppendLine(string.Join("\n", ui.Lines));
            text.AppendLine(string.Join("\n", ui.Prompts));
            text.AppendLine(string.Join("\n", ui.Progress.Select(p => $"{p.Activity} {p.StatusDescription} {p.CurrentOperation}")));
        }
        for (var ex = result.Terminating; ex != null; ex = ex.InnerException)
            if (ex is IContainsErrorRecord c) Walk(c.ErrorRecord.TargetObject, text, 0);
        return text.ToString();
    }

    /// <summary>Fails naming the stream-independent form found, never printing the secret itself.</summary>
    public static void AssertNoSecret(string everything, string secret, string what)
    {
        foreach (var (form, value) in Forms(secret))
            Assert.False(everything.Contains(value, StringComparison.Ordinal), $"The {what} appeared ({form}) in the run's output.");
    }

    public static void AssertNoSecrets(PsResult result, RecordingUI ui, params (string Secret, string What)[] secrets)
    {
        var everything = Collect(result, ui);
        foreach (var (secret, what) in secrets) AssertNoSecret(everything, secret, what);
    }

    private static IEnumerable<(string Form, string Value)> Forms(string secret)
    {
        yield return ("as is", secret);
        var json = System.Text.Json.JsonSerializer.Serialize(secret).Trim('"');
        if (json != secret) yield return ("JSON-escaped", json);
        yield return ("Base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('='));
    }

    private static void Walk(object? value, StringBuilder text, int depth)
    {
        if (value == null || depth > 3) return;
        text.AppendLine(Describe(value));
        var ps = value as PSObject ?? PSObject.AsPSObject(value);
        if (IsLeaf(ps.BaseObject)) return;
        if (ps.BaseObject is IEnumerable sequence && ps.BaseObject is not IDictionary)
        {
            foreach (var item in sequence) Walk(item, text, depth + 1);
            return;
        }
        foreach (var property in ps.Properties)
        {
            object? v;
            try { v = property.Value; }
            catch (Exception) { continue; }
            text.AppendLine(property.Name + "=" + Describe(v));
            if (v != null && !IsLeaf(v is PSObject w ? w.BaseObject : v)) Walk(v, text, depth + 1);
        }
    }

    /// <summary>
    /// Values shown by their text alone. A secret is text and reaches output only as text; a struct's
    /// derived figures (a TimeSpan's TotalDays, say) are digits that can spell a digit-only sentinel by chance.
    /// </summary>
    private static bool IsLeaf(object value) => value is string || value is Enum || value.GetType().IsValueType;

    private static string Describe(object? value)
    {
        try { return value?.ToString() ?? ""; }
        catch (Exception) { return ""; }
    }
}
