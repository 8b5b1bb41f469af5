using System.Text.RegularExpressions;

namespace ZoomUsers.Tests.Docs;

/// <summary>
/// One cmdlet page of docs/, read the way PlatyPS (schema 2.0.0) lays it out, so that what the tests
/// compare is what New-ExternalHelp will turn into the module's MAML help.
/// </summary>
public sealed class CmdletDoc
{
    public static readonly string[] SectionOrder =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private CmdletDoc(string path) => Path = path;

    public string Path { get; }
    public Dictionary<string, string> FrontMatter { get; } = new(StringComparer.Ordinal);
    public string? Title { get; private set; }

    /// <summary>The level-2 headings in file order, and each one's body.</summary>
    public List<(string Heading, List<string> Lines)> Sections { get; } = new();

    public string Synopsis => Text("SYNOPSIS");
    public string Description => Text("DESCRIPTION");

    /// <summary>Parameter set name (null when the page has a single unnamed syntax block), whether marked (Default), and the syntax text.</summary>
    public List<(string? SetName, bool IsDefault, string Syntax)> Syntax { get; } = new();

    public List<(string Title, List<(string Language, string Code)> Blocks, string Remarks)> Examples { get; } = new();

    /// <summary>Every "### -Name" of PARAMETERS with its yaml blocks, in file order.</summary>
    public List<(string Name, List<ParameterBlock> Blocks)> Parameters { get; } = new();

    public bool HasCommonParameters { get; private set; }
    public List<string> Inputs { get; } = new();
    public List<string> Outputs { get; } = new();

    public string Text(string section) =>
        string.Join("\n", Sections.FirstOrDefault(s => s.Heading == section).Lines ?? new List<string>()).Trim();

    public static CmdletDoc Load(string path)
    {
        var doc = new CmdletDoc(path);
        var lines = File.ReadAllLines(path).ToList();
        var i = 0;
        if (lines.Count > 0 && lines[0] == "---")
        {
            for (i = 1; i < lines.Count && lines[i] != "---"; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon > 0) doc.FrontMatter[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
            }
            i++;
        }

        List<string>? current = null;
        var inFence = false;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && doc.Title == null)
            {
                doc.Title = line[2..].Trim();
                continue;
            }
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = new List<string>();
                doc.Sections.Add((line[3..].Trim(), current));
                continue;
            }
            current?.Add(line);
        }

        doc.ReadSyntax();
        doc.ReadExamples();
        doc.ReadParameters();
        doc.Inputs.AddRange(SubHeadings(doc.Lines("INPUTS")).Select(h => h.Heading ?? ""));
        doc.Outputs.AddRange(SubHeadings(doc.Lines("OUTPUTS")).Select(h => h.Heading ?? ""));
        return doc;
    }

    private List<string> Lines(string section) => Sections.FirstOrDefault(s => s.Heading == section).Lines ?? new List<string>();

    /// <summary>Splits a section at its "### " headings (outside code fences).</summary>
    private static List<(string? Heading, List<string> Lines)> SubHeadings(List<string> lines)
    {
        var result = new List<(string? Heading, List<string> Lines)> { (null, new List<string>()) };
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("### ", StringComparison.Ordinal))
                result.Add((line[4..].Trim(), new List<string>()));
            else
                result[^1].Lines.Add(line);
        }
        if (result[0].Lines.All(string.IsNullOrWhiteSpace)) result.RemoveAt(0);
        return result;
    }

    /// <summary>The fenced blocks of some lines: (language, content).</summary>
    private static List<(string Language, string Code)> Fences(List<string> lines)
    {
        var blocks = new List<(string, string)>();
        string? language = null;
        var body = new List<string>();
        foreach (var line in lines)
        {
            if (!line.StartsWith("```", StringComparison.Ordinal))
            {
                if (language != null) body.Add(line);
                continue;
            }
            if (language == null)
            {
                language = line[3..].Trim();
                body.Clear();
            }
            else
            {
                blocks.Add((language, string.Join("\n", body)));
                language = null;
            }
        }
        return blocks;
    }

    private static string Prose(List<string> lines)
    {
        var text = new List<string>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (!inFence) text.Add(line);
        }
        return string.Join("\n", text).Trim();
    }

    private void ReadSyntax()
    {
        foreach (var (heading, lines) in SubHeadings(Lines("SYNTAX")))
        {
            string? set = null;
            var isDefault = false;
            if (heading != null)
            {
                isDefault = heading.EndsWith("(Default)", StringComparison.Ordinal);
                set = isDefault ? heading[..^"(Default)".Length].Trim() : heading;
            }
            foreach (var (_, code) in Fences(lines))
                Syntax.Add((set, isDefault, code));
        }
    }

    private void ReadExamples()
    {
        foreach (var (heading, lines) in SubHeadings(Lines("EXAMPLES")))
            if (heading != null)
                Examples.Add((heading, Fences(lines), Prose(lines)));
    }

    private void ReadParameters()
    {
        foreach (var (heading, lines) in SubHeadings(Lines("PARAMETERS")))
        {
            if (heading == "CommonParameters")
            {
                HasCommonParameters = true;
                continue;
            }
            if (heading == null || !heading.StartsWith('-')) continue;
            var blocks = Fences(lines).Where(f => f.Language == "yaml").Select(f => ParameterBlock.Parse(f.Code)).ToList();
            Parameters.Add((heading[1..], blocks));
        }
    }
}

/// <summary>One ```yaml block under a parameter: the metadata of that parameter in some of its sets.</summary>
public sealed class ParameterBlock
{
    private ParameterBlock(Dictionary<string, string> values) => Values = values;

    public Dictionary<string, string> Values { get; }

    public string Get(string key) => Values.TryGetValue(key, out var v) ? v : "";

    public string Type => Get("Type");
    public IReadOnlyList<string> ParameterSets => SplitList(Get("Parameter Sets"));
    public IReadOnlyList<string> Aliases => SplitList(Get("Aliases"));
    public string Required => Get("Required");
    public string Position => Get("Position");
    public string DefaultValue => Get("Default value");
    public string PipelineInput => Get("Accept pipeline input");
    public string Wildcards => Get("Accept wildcard characters");

    public static ParameterBlock Parse(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in yaml.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return new ParameterBlock(values);
    }

    private static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

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
