using System.Text.RegularExpressions;

namespace ZoomUsers.HelpBuilder.Markdown;

/// <summary>
/// One cmdlet page of docs/, read the way PlatyPS (schema 2.0.0) lays it out: the help builder makes
/// the module's MAML from it when PlatyPS's New-ExternalHelp is not there, and the docs tests check
/// pages against the cmdlets with it.
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

    /// <summary>The prose under each "### -Name" of PARAMETERS (its yaml blocks left out).</summary>
    public Dictionary<string, string> ParameterDescriptions { get; } = new(StringComparer.Ordinal);

    public bool HasCommonParameters { get; private set; }
    public List<string> Inputs => InputTypes.Select(t => t.Type).ToList();
    public List<string> Outputs => OutputTypes.Select(t => t.Type).ToList();

    /// <summary>Each "### Type" of INPUTS and OUTPUTS with the prose under it.</summary>
    public List<(string Type, string Description)> InputTypes { get; } = new();
    public List<(string Type, string Description)> OutputTypes { get; } = new();

    public string Notes => Text("NOTES");

    /// <summary>The "[text](uri)" lines of RELATED LINKS.</summary>
    public List<(string Text, string Uri)> RelatedLinks { get; } = new();

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
        doc.InputTypes.AddRange(SubHeadings(doc.Lines("INPUTS")).Select(h => (h.Heading ?? "", Prose(h.Lines))));
        doc.OutputTypes.AddRange(SubHeadings(doc.Lines("OUTPUTS")).Select(h => (h.Heading ?? "", Prose(h.Lines))));
        foreach (var line in doc.Lines("RELATED LINKS"))
        {
            var link = Regex.Match(line.Trim(), @"^\[(?<text>[^\]]*)\]\((?<uri>[^)]*)\)$");
            if (link.Success) doc.RelatedLinks.Add((link.Groups["text"].Value, link.Groups["uri"].Value));
        }
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
            ParameterDescriptions[heading[1..]] = Prose(lines);
        }
    }
}
