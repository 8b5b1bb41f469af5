using System.Text.RegularExpressions;

namespace ZoomUsers.HelpBuilder.Markdown;

/// <summary>One element of a PlatyPS syntax line, such as "[-UserId] &lt;String&gt;" or "[-WhatIf]".</summary>
public sealed record SyntaxElement(string Name, string? Type, bool Mandatory, bool Positional)
{
    // Tried in this order at each point of the line: the longer forms first, so "[[-P] <T>]" is not read as "[-P]".
    private static readonly (Regex Pattern, bool Mandatory, bool Positional, bool HasType)[] Forms =
    {
        (new Regex(@"\G\[\[-(\w+)\] <([^>]+)>\]"), false, true, true),
        (new Regex(@"\G\[-(\w+) <([^>]+)>\]"), false, false, true),
        (new Regex(@"\G\[-(\w+)\] <([^>]+)>"), true, true, true),
        (new Regex(@"\G-(\w+) <([^>]+)>"), true, false, true),
        (new Regex(@"\G\[-(\w+)\]"), false, false, false),
        // A mandatory switch, as a parameter set that a switch selects has it (Set-ZoomUserPassword -Random).
        (new Regex(@"\G-(\w+)(?= |$)"), true, false, false),
    };

    /// <returns>The elements after the command name, and whether the line ends in [&lt;CommonParameters&gt;]; null elements when the line has something PlatyPS would not write.</returns>
    public static (List<SyntaxElement>? Elements, bool Common, string? Problem) Parse(string commandName, string syntax)
    {
        var text = Regex.Replace(syntax, @"\s+", " ").Trim();
        if (!text.StartsWith(commandName + " ", StringComparison.Ordinal) && text != commandName)
            return (null, false, $"does not start with '{commandName}'");
        var at = commandName.Length;
        var elements = new List<SyntaxElement>();
        var common = false;
        while (at < text.Length)
        {
            if (text[at] == ' ') { at++; continue; }
            if (string.CompareOrdinal(text, at, "[<CommonParameters>]", 0, 20) == 0 && at + 20 == text.Length)
            {
                common = true;
                break;
            }
            var matched = false;
            foreach (var (pattern, mandatory, positional, hasType) in Forms)
            {
                var m = pattern.Match(text, at);
                if (!m.Success) continue;
                elements.Add(new SyntaxElement(m.Groups[1].Value, hasType ? m.Groups[2].Value : null, mandatory, positional));
                at += m.Length;
                matched = true;
                break;
            }
            if (!matched) return (null, false, $"cannot read '{text[at..]}'");
        }
        return (elements, common, null);
    }
}
