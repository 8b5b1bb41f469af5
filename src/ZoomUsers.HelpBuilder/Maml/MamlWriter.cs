using System.Text.RegularExpressions;
using System.Xml.Linq;
using ZoomUsers.HelpBuilder.Markdown;

namespace ZoomUsers.HelpBuilder.Maml;

/// <summary>
/// Writes the MAML file PowerShell's Get-Help reads for binary cmdlets (ZoomUsers.dll-Help.xml), laid
/// out as PlatyPS 0.14's New-ExternalHelp lays it out, so Get-Help shows the same help either way.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Write(IEnumerable<CmdletDoc> pages) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), pages.Select(Command_)));

    private static XElement Command_(CmdletDoc doc)
    {
        var name = doc.Title ?? throw new InvalidDataException(doc.Path + " has no '# Name' title.");
        var dash = name.IndexOf('-');
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", name),
                new XElement(Command + "verb", dash > 0 ? name[..dash] : name),
                new XElement(Command + "noun", dash > 0 ? name[(dash + 1)..] : ""),
                Description(doc.Synopsis)),
            Description(doc.Description),
            new XElement(Command + "syntax", doc.Syntax.Select(s => SyntaxItem(doc, name, s.SetName, s.Syntax))),
            new XElement(Command + "parameters", doc.Parameters.Select(p => Parameter(doc, p.Name, p.Blocks.FirstOrDefault(), setName: null))),
            new XElement(Command + "inputTypes", doc.InputTypes.Select(t => TypeEntry("inputType", t))),
            new XElement(Command + "returnValues", doc.OutputTypes.Select(t => TypeEntry("returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(doc.Notes))),
            new XElement(Command + "examples", doc.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", RelatedLinks(doc)));
    }

    /// <summary>The parameters of one syntax line, in the line's order, with the metadata of that set.</summary>
    private static XElement SyntaxItem(CmdletDoc doc, string name, string? setName, string syntax)
    {
        var (elements, _, problem) = SyntaxElement.Parse(name, syntax);
        if (elements == null) throw new InvalidDataException($"{doc.Path}: the syntax of {setName ?? name} {problem}.");
        var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", name));
        foreach (var element in elements)
        {
            var parameter = doc.Parameters.FirstOrDefault(p => p.Name == element.Name);
            if (parameter.Name == null) throw new InvalidDataException($"{doc.Path}: the syntax names -{element.Name}, which PARAMETERS does not describe.");
            var block = parameter.Blocks.FirstOrDefault(b => setName == null || b.ParameterSets.Contains("(All)") || b.ParameterSets.Contains(setName))
                        ?? parameter.Blocks.FirstOrDefault();
            item.Add(Parameter(doc, element.Name, block, setName));
        }
        return item;
    }

    private static XElement Parameter(CmdletDoc doc, string name, ParameterBlock? block, string? setName)
    {
        var type = block?.Type ?? "";
        var isSwitch = type == "SwitchParameter";
        var required = block?.Required.StartsWith("True", StringComparison.OrdinalIgnoreCase) == true;
        var position = block?.Position is { Length: > 0 } p && p != "Named" ? p : "named";
        var aliases = block?.Aliases is { Count: > 0 } a ? string.Join(", ", a) : "none";
        var pipeline = block?.PipelineInput is { Length: > 0 } pi ? pi : "False";
        var globbing = block?.Wildcards.StartsWith("True", StringComparison.OrdinalIgnoreCase) == true;
        var element = new XElement(Command + "parameter",
            new XAttribute("required", Bool(required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Bool(globbing)),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position),
            new XAttribute("aliases", aliases),
            new XElement(Maml + "name", name),
            Description(doc.ParameterDescriptions.GetValueOrDefault(name, "")));
        // In a syntax line a switch has no value; in the parameter list PlatyPS names its type.
        if (!isSwitch || setName == null)
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", Bool(!isSwitch)), new XAttribute("variableLength", "false"), type));
        element.Add(new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")));
        element.Add(new XElement(Dev + "defaultValue", block?.DefaultValue is { Length: > 0 } d ? d : "None"));
        return element;
    }

    private static XElement TypeEntry(string kind, (string Type, string Description) entry) =>
        new(Command + kind,
            new XElement(Dev + "type", new XElement(Maml + "name", entry.Type)),
            Description(entry.Description));

    private static XElement Example((string Title, List<(string Language, string Code)> Blocks, string Remarks) example) =>
        new(Command + "example",
            new XElement(Maml + "title", "-------------------------- " + example.Title + " --------------------------"),
            new XElement(Dev + "code", string.Join("\n\n", example.Blocks.Select(b => b.Code))),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static IEnumerable<XElement> RelatedLinks(CmdletDoc doc)
    {
        if (doc.FrontMatter.TryGetValue("online version", out var online) && online.Length > 0)
            yield return Link("Online Version:", online);
        foreach (var (text, uri) in doc.RelatedLinks)
            // Links to sibling pages mean nothing outside the repository: Get-Help shows their names.
            yield return Link(text, Uri.IsWellFormedUriString(uri, UriKind.Absolute) ? uri : "");
    }

    private static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static XElement Description(string text) => new(Maml + "description", Paragraphs(text));

    /// <summary>One maml:para per markdown paragraph (text between blank lines), its line breaks kept.</summary>
    private static IEnumerable<XElement> Paragraphs(string text) =>
        Regex.Split(text.Replace("\r\n", "\n").Trim(), @"\n\s*\n")
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .DefaultIfEmpty("")
            .Select(p => new XElement(Maml + "para", p));

    private static string Bool(bool value) => value ? "true" : "false";
}
