using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using ZoomUsers.HelpBuilder.Markdown;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Module;

namespace ZoomUsers.Tests.Docs;

/// <summary>
/// docs/*.md against what the built module reports through Get-Command. A parameter added, renamed or
/// removed in code (or a changed type, alias, set, position or pipeline flag) fails here until its page
/// says the same, because those pages become the module's Get-Help.
/// </summary>
public sealed class DocsMatchCmdletsTests : IClassFixture<ModuleMetadata>
{
    private static readonly string DocsFolder = Path.Combine(RepoPaths.Root, "docs");
    private static readonly string AboutTopic = Path.Combine(DocsFolder, "about_ZoomUsers.md");
    private readonly ModuleMetadata _module;

    public DocsMatchCmdletsTests(ModuleMetadata module) => _module = module;

    public static TheoryData<string> CmdletPages()
    {
        var data = new TheoryData<string>();
        // A cmdlet page starts with PlatyPS's front matter; the admin's reference pages (troubleshooting,
        // benchmarks, ...) have none and are never compiled into help.
        foreach (var file in Directory.GetFiles(DocsFolder, "*.md").Order(StringComparer.Ordinal))
            if (!Path.GetFileName(file).StartsWith("about_", StringComparison.OrdinalIgnoreCase) && File.ReadLines(file).FirstOrDefault() == "---")
                data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Fact]
    public void Every_exported_cmdlet_has_a_page_and_every_page_a_cmdlet()
    {
        var pages = ((IEnumerable<object[]>)CmdletPages()).Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(_module.Cmdlets);
        Assert.Equal(_module.Cmdlets.Keys.Order(StringComparer.Ordinal), pages.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CmdletPages))]
    public void Page_has_the_PlatyPS_layout_a_synopsis_and_examples(string page)
    {
        var doc = CmdletDoc.Load(Path.Combine(DocsFolder, page + ".md"));
        var problems = new List<string>();

        Expect(doc.FrontMatter.GetValueOrDefault("external help file") == "ZoomUsers.dll-Help.xml", "front matter 'external help file' must be ZoomUsers.dll-Help.xml", problems);
        Expect(doc.FrontMatter.GetValueOrDefault("Module Name") == "ZoomUsers", "front matter 'Module Name' must be ZoomUsers", problems);
        Expect(doc.FrontMatter.ContainsKey("online version"), "front matter lacks 'online version'", problems);
        Expect(doc.FrontMatter.GetValueOrDefault("schema") == "2.0.0", "front matter 'schema' must be 2.0.0", problems);
        Expect(doc.Title == page, $"the title is '{doc.Title}', not '{page}'", problems);

        var headings = doc.Sections.Select(s => s.Heading).ToList();
        Expect(headings.SequenceEqual(CmdletDoc.SectionOrder),
            $"sections are [{string.Join(", ", headings)}]; PlatyPS needs [{string.Join(", ", CmdletDoc.SectionOrder)}]", problems);

        Expect(doc.Synopsis.Length > 0, "SYNOPSIS is empty", problems);
        Expect(!doc.Synopsis.Contains('\n'), "SYNOPSIS must be one line", problems);
        Expect(doc.Description.Length > 0, "DESCRIPTION is empty", problems);
        Expect(doc.HasCommonParameters, "PARAMETERS lacks '### CommonParameters'", problems);
        Expect(doc.Outputs.Count > 0, "OUTPUTS names no type", problems);
        Expect(doc.Inputs.Count > 0, "INPUTS names no type", problems);

        Expect(doc.Examples.Count >= 2, $"{doc.Examples.Count} example(s); at least 2 are needed", problems);
        for (var i = 0; i < doc.Examples.Count; i++)
        {
            var (title, blocks, remarks) = doc.Examples[i];
            Expect(Regex.IsMatch(title, $@"^Example {i + 1}: \S"), $"example heading '{title}' must read 'Example {i + 1}: ...'", problems);
            Expect(blocks.Count > 0 && blocks[0].Language == "powershell", $"'{title}' must start with a ```powershell block", problems);
        }

        AssertNoProblems(page, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletPages))]
    public void Page_syntax_matches_the_parameter_sets(string page)
    {
        var doc = CmdletDoc.Load(Path.Combine(DocsFolder, page + ".md"));
        var cmdlet = Cmdlet(page);
        var problems = new List<string>();

        if (cmdlet.Sets.Count == 1)
        {
            Expect(doc.Syntax.Count == 1 && doc.Syntax[0].SetName == null,
                "one parameter set: SYNTAX must be one code block without a '### SetName' heading", problems);
        }
        else
        {
            var documented = doc.Syntax.Select(s => s.SetName ?? "(none)").ToList();
            var actual = cmdlet.Sets.Select(s => s.Name).ToList();
            Expect(documented.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal)),
                $"SYNTAX shows sets [{string.Join(", ", documented)}]; the cmdlet has [{string.Join(", ", actual)}]", problems);
            var defaults = doc.Syntax.Where(s => s.IsDefault).Select(s => s.SetName).ToList();
            Expect(defaults.Count == 1 && defaults[0] == cmdlet.Info.DefaultParameterSet,
                $"'(Default)' marks [{string.Join(", ", defaults)}]; the default set is '{cmdlet.Info.DefaultParameterSet}'", problems);
        }

        foreach (var (setName, _, syntax) in doc.Syntax)
        {
            var set = setName == null && cmdlet.Sets.Count == 1 ? cmdlet.Sets[0] : cmdlet.Sets.FirstOrDefault(s => s.Name == setName);
            if (set == null) continue; // reported above
            var label = setName ?? "(single set)";
            var (elements, common, problem) = SyntaxElement.Parse(page, syntax);
            if (elements == null)
            {
                problems.Add($"syntax of {label} {problem}");
                continue;
            }
            Expect(common, $"syntax of {label} must end with [<CommonParameters>]", problems);

            var expected = set.Parameters.Where(p => !CmdletMetadata.IsUndocumented(p)).ToList();
            var shown = elements.Select(e => e.Name).ToList();
            Expect(shown.Order(StringComparer.Ordinal).SequenceEqual(expected.Select(p => p.Name).Order(StringComparer.Ordinal)),
                $"syntax of {label} shows [{string.Join(", ", shown)}]; the set has [{string.Join(", ", expected.Select(p => p.Name))}]", problems);

            foreach (var p in expected)
            {
                var e = elements.FirstOrDefault(x => x.Name == p.Name);
                if (e == null) continue;
                var isSwitch = p.ParameterType == typeof(SwitchParameter);
                if (isSwitch)
                {
                    Expect(e.Type == null, $"syntax of {label}: switch -{p.Name} takes no <type>", problems);
                    continue;
                }
                Expect(e.Type != null && TypeMatches(e.Type, p.ParameterType), $"syntax of {label}: -{p.Name} is <{e.Type}>, the parameter is {p.ParameterType.Name}", problems);
                Expect(e.Mandatory == p.IsMandatory, $"syntax of {label}: -{p.Name} is shown {(e.Mandatory ? "mandatory" : "optional")}, it is {(p.IsMandatory ? "mandatory" : "optional")}", problems);
                Expect(e.Positional == (p.Position >= 0), $"syntax of {label}: -{p.Name} is shown {(e.Positional ? "positional" : "named")}, it is {(p.Position >= 0 ? "positional" : "named")}", problems);
            }

            var positions = elements.Where(e => e.Positional).Select(e => expected.First(p => p.Name == e.Name).Position).ToList();
            Expect(positions.SequenceEqual(positions.Order()), $"syntax of {label}: positional parameters are out of position order", problems);
        }

        AssertNoProblems(page, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletPages))]
    public void Page_parameters_match_the_cmdlet(string page)
    {
        var doc = CmdletDoc.Load(Path.Combine(DocsFolder, page + ".md"));
        var cmdlet = Cmdlet(page);
        var problems = new List<string>();
        var actual = cmdlet.Parameters;

        var documented = doc.Parameters.Select(p => p.Name).ToList();
        foreach (var missing in actual.Keys.Except(documented, StringComparer.Ordinal))
            problems.Add($"-{missing} is not documented");
        foreach (var extra in documented.Except(actual.Keys, StringComparer.Ordinal))
            problems.Add($"-{extra} is documented but the cmdlet has no such parameter");
        foreach (var twice in documented.GroupBy(n => n).Where(g => g.Count() > 1))
            problems.Add($"-{twice.Key} is documented {twice.Count()} times");

        var defaults = DefaultValues(cmdlet);
        foreach (var (name, blocks) in doc.Parameters)
        {
            if (!actual.TryGetValue(name, out var occurrences)) continue;
            var parameter = occurrences[0].Parameter;
            if (blocks.Count == 0)
            {
                problems.Add($"-{name} has no ```yaml block");
                continue;
            }

            // Which sets each block claims, with (All) read the way PlatyPS writes it.
            var setsOfParameter = occurrences.Select(o => o.Set.Name).ToList();
            var claimed = new List<string>();
            foreach (var block in blocks)
            {
                var sets = block.ParameterSets.SequenceEqual(new[] { "(All)" })
                    ? (setsOfParameter.Count == cmdlet.Sets.Count ? setsOfParameter : new List<string> { "(All) but the parameter is not in every set" })
                    : block.ParameterSets.ToList();
                claimed.AddRange(sets);

                Expect(TypeMatches(block.Type, parameter.ParameterType), $"-{name}: Type is '{block.Type}', the parameter is {parameter.ParameterType.Name}", problems);
                var aliases = parameter.Aliases.Order(StringComparer.OrdinalIgnoreCase).ToList();
                Expect(block.Aliases.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(aliases, StringComparer.OrdinalIgnoreCase),
                    $"-{name}: Aliases are [{string.Join(", ", block.Aliases)}], the parameter has [{string.Join(", ", parameter.Aliases)}]", problems);
                Expect(block.PipelineInput == PipelineText(parameter), $"-{name}: 'Accept pipeline input: {block.PipelineInput}', the parameter says '{PipelineText(parameter)}'", problems);
                var wildcards = parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any() ? "True" : "False";
                Expect(block.Wildcards == wildcards, $"-{name}: 'Accept wildcard characters: {block.Wildcards}', the parameter says {wildcards}", problems);
                Expect(block.DefaultValue.Length > 0, $"-{name}: 'Default value' is empty (PlatyPS writes None)", problems);
                if (defaults.TryGetValue(name, out var value))
                    Expect(block.DefaultValue.Contains(value, StringComparison.Ordinal), $"-{name}: 'Default value: {block.DefaultValue}', the code's default is {value}", problems);

                foreach (var setName in sets)
                {
                    var occurrence = occurrences.FirstOrDefault(o => o.Set.Name == setName);
                    if (occurrence.Parameter == null) continue; // reported below
                    var required = occurrence.Parameter.IsMandatory ? "True" : "False";
                    var position = occurrence.Parameter.Position >= 0 ? occurrence.Parameter.Position.ToString(CultureInfo.InvariantCulture) : "Named";
                    Expect(block.Required == required, $"-{name} in set {setName}: 'Required: {block.Required}', it is {required}", problems);
                    Expect(block.Position == position, $"-{name} in set {setName}: 'Position: {block.Position}', it is {position}", problems);
                }
            }

            Expect(claimed.Order(StringComparer.Ordinal).SequenceEqual(setsOfParameter.Order(StringComparer.Ordinal)),
                $"-{name}: the yaml blocks cover sets [{string.Join(", ", claimed)}]; the parameter is in [{string.Join(", ", setsOfParameter)}]", problems);
        }

        AssertNoProblems(page, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletPages))]
    public void Page_inputs_and_outputs_match_the_cmdlet(string page)
    {
        var doc = CmdletDoc.Load(Path.Combine(DocsFolder, page + ".md"));
        var cmdlet = Cmdlet(page);
        var problems = new List<string>();

        var outputs = cmdlet.Info.OutputType.Select(t => t.Name).Where(n => n != typeof(void).FullName).ToList();
        if (outputs.Count == 0)
            Expect(doc.Outputs.SequenceEqual(new[] { "None" }), $"the cmdlet writes nothing; OUTPUTS must say None, not [{string.Join(", ", doc.Outputs)}]", problems);
        else
            Expect(doc.Outputs.Order(StringComparer.Ordinal).SequenceEqual(outputs.Order(StringComparer.Ordinal)),
                $"OUTPUTS names [{string.Join(", ", doc.Outputs)}]; [OutputType] says [{string.Join(", ", outputs)}]", problems);

        var byValue = cmdlet.Parameters.Values.Select(o => o[0].Parameter).Where(p => p.ValueFromPipeline).Select(p => p.ParameterType.FullName!).ToList();
        var byName = cmdlet.Parameters.Values.Any(o => o[0].Parameter.ValueFromPipelineByPropertyName);
        if (byValue.Count == 0 && !byName)
            Expect(doc.Inputs.SequenceEqual(new[] { "None" }), $"the cmdlet takes no pipeline input; INPUTS must say None, not [{string.Join(", ", doc.Inputs)}]", problems);
        foreach (var type in byValue)
            Expect(doc.Inputs.Contains(type), $"INPUTS lacks {type}, which binds by value", problems);
        if (byName)
            Expect(doc.Inputs.Contains(typeof(PSObject).FullName!), $"INPUTS lacks {typeof(PSObject).FullName} for the parameters that bind by property name", problems);

        AssertNoProblems(page, problems);
    }

    [Theory]
    [MemberData(nameof(CmdletPages))]
    public void Page_examples_parse_and_use_only_real_parameters(string page)
    {
        var doc = CmdletDoc.Load(Path.Combine(DocsFolder, page + ".md"));
        var problems = new List<string>();

        foreach (var (title, blocks, _) in doc.Examples)
        {
            foreach (var (language, code) in blocks.Where(b => b.Language == "powershell"))
            {
                var ast = Parser.ParseInput(code, out _, out var errors);
                foreach (var error in errors)
                    problems.Add($"'{title}': {error.Message} at line {error.Extent.StartLineNumber}");
                problems.AddRange(UnknownParameters(ast).Select(p => $"'{title}': {p}"));
            }
        }

        AssertNoProblems(page, problems);
    }

    // PlatyPS 0.14's New-ExternalHelp takes a file for an about topic only when its second markdown
    // element is a heading starting with "about" (the lookup name); otherwise it silently writes no
    // about_ZoomUsers.help.txt.
    [Fact]
    public void About_topic_has_the_layout_New_ExternalHelp_converts()
    {
        var elements = File.ReadAllLines(AboutTopic).Where(l => l.Trim().Length > 0).ToList();
        var headings = elements.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToList();

        Assert.Equal("# about_ZoomUsers", elements[0]);
        Assert.Equal("## about_ZoomUsers", elements[1]);
        Assert.Equal(new[] { "about_ZoomUsers", "SHORT DESCRIPTION", "LONG DESCRIPTION" }, headings.Take(3));
        Assert.Contains("SEE ALSO", headings);
        Assert.DoesNotContain(elements, l => l.StartsWith("---", StringComparison.Ordinal)); // no front matter: it would be read as text
    }

    [Fact]
    public void About_topic_describes_every_property_of_the_output_objects()
    {
        var text = File.ReadAllText(AboutTopic);
        var outputTypes = _module.Cmdlets.Values.SelectMany(c => c.Info.OutputType).Select(t => t.Type).Where(t => t != null && t != typeof(void)).Distinct().ToList();

        Assert.Equal(3, outputTypes.Count);
        var missing = outputTypes
            .SelectMany(t => t!.GetProperties().Select(p => (Type: t.Name, Property: p.Name)))
            .Where(x => !Regex.IsMatch(text, $@"^\|\s*{x.Property}\s*\|", RegexOptions.Multiline))
            .Select(x => x.Type + "." + x.Property)
            .ToList();
        Assert.True(missing.Count == 0, "about_ZoomUsers.md has no table row for: " + string.Join(", ", missing));
    }

    private CmdletMetadata Cmdlet(string name)
    {
        Assert.True(_module.Cmdlets.TryGetValue(name, out var cmdlet), $"docs/{name}.md documents a cmdlet that Get-Command -Module ZoomUsers does not find");
        return cmdlet!;
    }

    /// <summary>Parameters of ZoomUsers cmdlets in example code that the cmdlet does not have (by name or alias).</summary>
    private IEnumerable<string> UnknownParameters(Ast ast)
    {
        foreach (CommandAst command in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true))
        {
            var name = command.GetCommandName();
            if (name == null || !_module.Cmdlets.TryGetValue(name, out var cmdlet)) continue;
            var known = cmdlet.Sets.SelectMany(s => s.Parameters).SelectMany(p => p.Aliases.Append(p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in command.CommandElements.OfType<CommandParameterAst>())
                if (!known.Contains(parameter.ParameterName))
                    yield return $"{name} has no parameter -{parameter.ParameterName}";
        }
    }

    /// <summary>Non-null defaults of a fresh cmdlet instance, as the text the page must show.</summary>
    private static Dictionary<string, string> DefaultValues(CmdletMetadata cmdlet)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        var instance = Activator.CreateInstance(cmdlet.Info.ImplementingType)!;
        try
        {
            foreach (var name in cmdlet.Parameters.Keys)
            {
                var property = cmdlet.Info.ImplementingType.GetProperty(name);
                var value = property?.GetValue(instance);
                if (value == null || value is SwitchParameter) continue;
                defaults[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            }
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
        return defaults;
    }

    private static string PipelineText(CommandParameterInfo p) => (p.ValueFromPipeline, p.ValueFromPipelineByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    private static bool TypeMatches(string documented, Type type) =>
        documented == type.Name || documented == type.FullName;

    private static void Expect(bool condition, string problem, List<string> problems)
    {
        if (!condition) problems.Add(problem);
    }

    private static void AssertNoProblems(string page, List<string> problems) =>
        Assert.True(problems.Count == 0, $"docs/{page}.md:\n  " + string.Join("\n  ", problems));
}
