using System.Text.RegularExpressions;
using ZoomUsers.HelpBuilder.Markdown;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// Get-Help on the imported module shows what docs/ says. Every build ships en-US/ZoomUsers.dll-Help.xml
/// and about_ZoomUsers.help.txt: PlatyPS's (build.ps1 -Task Docs) or, without it, the help builder's.
/// Checked on the text Get-Help renders, as a user reads it.
/// </summary>
public sealed class HelpTests : IClassFixture<ModuleMetadata>
{
    private readonly ModuleMetadata _module;

    public HelpTests(ModuleMetadata module) => _module = module;

    public static TheoryData<string> Cmdlets() => new() { "Backup-ZoomUserPicture", "Connect-Zoom", "Disconnect-Zoom", "Get-ZoomConnection", "Get-ZoomUser", "Remove-ZoomUserPicture", "Restore-ZoomUserPicture", "Set-ZoomUserPassword", "Set-ZoomUserPicture" };

    [Fact]
    public void The_help_cases_cover_every_cmdlet()
    {
        var cases = ((IEnumerable<object[]>)Cmdlets()).Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(_module.Cmdlets.Keys.Order(StringComparer.Ordinal), cases);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Full_shows_the_synopsis_description_parameters_and_examples_of_docs(string name)
    {
        var doc = Doc(name);
        var r = _module.Session.Run("Get-Help -Name $args[0] -Full", name);
        r.ThrowIfFailed();
        var help = Assert.Single(r.Output);
        Assert.Equal(name, help.Str("Name"));
        Assert.Equal("Cmdlet", help.Str("Category"));
        Assert.Equal(Flat(doc.Synopsis), Flat(help.Str("Synopsis")));

        var shown = Flat(Rendered("Get-Help -Name $args[0] -Full", name));
        var missing = new List<string>();
        Expect(shown, doc.Description, "DESCRIPTION", missing);
        foreach (var (parameter, _) in doc.Parameters)
        {
            Expect(shown, "-" + parameter, "parameter -" + parameter, missing);
            Expect(shown, doc.ParameterDescriptions[parameter], $"description of -{parameter}", missing);
        }
        ExpectExamples(shown, doc, missing);
        Assert.True(missing.Count == 0, $"Get-Help {name} -Full does not show:\n" + string.Join("\n", missing));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Examples_shows_every_example_of_docs(string name)
    {
        var doc = Doc(name);
        var shown = Flat(Rendered("Get-Help -Name $args[0] -Examples", name));
        var missing = new List<string>();

        ExpectExamples(shown, doc, missing);

        Assert.True(missing.Count == 0, $"Get-Help {name} -Examples does not show:\n" + string.Join("\n", missing));
        Assert.Equal(doc.Examples.Count, Regex.Count(shown, @"-{10,} Example \d+"));
    }

    public static TheoryData<string> BulkCmdlets() => new() { "Backup-ZoomUserPicture", "Get-ZoomUser", "Remove-ZoomUserPicture", "Restore-ZoomUserPicture", "Set-ZoomUserPassword", "Set-ZoomUserPicture" };

    /// <summary>
    /// An admin's three starting points, as Get-Help -Examples shows them: a CSV file, Active Directory,
    /// and running a report's failed rows again (the failed rows picked before the cmdlet, not its output
    /// filtered after it).
    /// </summary>
    [Theory]
    [MemberData(nameof(BulkCmdlets))]
    public void Get_Help_Examples_of_a_bulk_cmdlet_start_from_a_CSV_from_AD_and_from_a_report_s_failures(string name)
    {
        var shown = Rendered("Get-Help -Name $args[0] -Examples", name);
        var examples = Regex.Split(shown, @"-{10,} Example \d+").Skip(1).Select(Flat).ToList();
        var failedFirst = new Regex(@"Where-Object[^|]*Status -eq '?Failed'?.*\|\s*" + Regex.Escape(name) + @"\b");

        var missing = new List<string>();
        if (examples.Count < 3) missing.Add($"at least three examples (it shows {examples.Count})");
        if (!examples.Any(e => e.Contains("Import-Csv", StringComparison.Ordinal) && e.Contains("| " + name, StringComparison.Ordinal)))
            missing.Add($"an example piping Import-Csv rows to {name}");
        if (!examples.Any(e => e.Contains("Get-ADUser", StringComparison.Ordinal)))
            missing.Add("an example from Active Directory (Get-ADUser)");
        if (!examples.Any(failedFirst.IsMatch))
            missing.Add($"an example running a report's failed rows again (Where-Object Status -eq 'Failed' ... | {name})");

        Assert.True(missing.Count == 0, $"Get-Help {name} -Examples lacks " + string.Join("; and ", missing));
    }

    [Fact]
    public void Get_Help_about_ZoomUsers_shows_the_about_topic()
    {
        var about = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "about_ZoomUsers.md"));
        var shortDescription = Regex.Match(about, @"^## SHORT DESCRIPTION\r?\n(?<text>.+?)\r?\n", RegexOptions.Multiline).Groups["text"].Value;
        Assert.NotEmpty(shortDescription);

        var shown = Flat(Rendered("Get-Help -Name about_ZoomUsers"));

        Assert.Contains(Flat(shortDescription), shown);
        Assert.Contains("ErrorId", shown); // what the Pester suite looks for
        foreach (var heading in Regex.Matches(about, @"^### (?<h>.+)$", RegexOptions.Multiline).Select(m => m.Groups["h"].Value.Trim()))
            Assert.Contains(heading, shown, StringComparison.OrdinalIgnoreCase);
    }

    private static CmdletDoc Doc(string name) => CmdletDoc.Load(Path.Combine(RepoPaths.Root, "docs", name + ".md"));

    /// <summary>What the host would print, at a width that wraps nothing.</summary>
    private string Rendered(string script, params object?[] args)
    {
        var r = _module.Session.Run(script + " | Out-String -Width 10000", args);
        r.ThrowIfFailed();
        return string.Concat(r.Output.Select(o => o.ToString()));
    }

    private static void ExpectExamples(string shown, CmdletDoc doc, List<string> missing)
    {
        Assert.NotEmpty(doc.Examples);
        foreach (var (title, blocks, remarks) in doc.Examples)
        {
            Expect(shown, title, "the title of " + title, missing);
            foreach (var (language, code) in blocks)
                Expect(shown, code, $"the {language} code of {title}", missing);
            Expect(shown, remarks, "the remarks of " + title, missing);
        }
    }

    /// <summary>Each paragraph of the markdown shows, whatever the line breaks and indents around it.</summary>
    private static void Expect(string shown, string markdown, string what, List<string> missing)
    {
        foreach (var paragraph in Regex.Split(markdown.Trim(), @"\r?\n\s*\r?\n").Select(Flat).Where(p => p.Length > 0))
            if (!shown.Contains(paragraph, StringComparison.Ordinal))
                missing.Add($"{what}: '{paragraph}'");
    }

    private static string Flat(string? text) => Regex.Replace(text ?? "", @"\s+", " ").Trim();
}
