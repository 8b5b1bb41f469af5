using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using ZoomUsers.Tests.Harness;
using ZoomUsers.Tests.Module;

namespace ZoomUsers.Tests.Docs;

/// <summary>
/// Every ErrorId the module can emit is explained where the admin looks: an entry in
/// docs/troubleshooting.md (what it means, the usual cause, what to do) and a row in the about topic's
/// ErrorId tables; and neither names an id the code no longer has. The ids in the code are the
/// constants of ZoomUsers.ErrorIds, read from the built engine, plus any id written as a literal in
/// an ErrorRecord in src/.
/// </summary>
public sealed class TroubleshootingTests
{
    private static readonly string DocsFolder = Path.Combine(RepoPaths.Root, "docs");
    private const string TroubleshootingPage = "docs/troubleshooting.md";
    private const string AboutPage = "docs/about_ZoomUsers.md";

    private static IReadOnlyCollection<string> IdsInCode()
    {
        var engine = BuiltAssembly.Read(Path.Combine(RepoPaths.ModuleFolder, "dependencies", "ZoomUsers.Engine.dll"));
        var ids = new SortedSet<string>(engine.StringConstants["ZoomUsers.ErrorIds"].Values, StringComparer.Ordinal);
        // new ErrorRecord(exception, "SomeId", ErrorCategory.X, target): an id that bypasses ErrorIds.
        var literal = new Regex(@"new\s+ErrorRecord\s*\((?:[^;]*?),\s*""(?<id>\w+)""\s*,\s*ErrorCategory\.", RegexOptions.Singleline);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
            foreach (Match m in literal.Matches(File.ReadAllText(file)))
                ids.Add(m.Groups["id"].Value);
        Assert.True(ids.Count >= 40, $"only {ids.Count} ErrorIds read from the code: is the reader broken?");
        return ids;
    }

    /// <summary>
    /// The ids the built engine's ErrorCatalog maps from one of Zoom's codes (its IdsFromZoomCodes, read
    /// from the rules Map uses). Loaded into a load context of its own, unloaded after: the module's
    /// assemblies belong to the module's context, never to the tests'.
    /// </summary>
    private static IReadOnlyCollection<string> IdsFromZoomCodes()
    {
        var context = new AssemblyLoadContext("ErrorCatalog", isCollectible: true);
        try
        {
            var engine = context.LoadFromAssemblyPath(Path.Combine(RepoPaths.ModuleFolder, "dependencies", "ZoomUsers.Engine.dll"));
            var property = engine.GetType("ZoomUsers.Api.ErrorCatalog", throwOnError: true)!
                .GetProperty("IdsFromZoomCodes", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                ?? throw new InvalidOperationException("ZoomUsers.Api.ErrorCatalog has no IdsFromZoomCodes");
            return ((IEnumerable<string>)property.GetValue(null)!).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>"### Id" headings, each with the text up to the next heading.</summary>
    private static Dictionary<string, string> TroubleshootingEntries()
    {
        var text = File.ReadAllText(Path.Combine(DocsFolder, "troubleshooting.md"));
        return Regex.Matches(text, @"^### (?<id>\S+)[ \t]*\r?\n(?<body>.*?)(?=^#|\z)", RegexOptions.Multiline | RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["id"].Value, m => m.Groups["body"].Value, StringComparer.Ordinal);
    }

    /// <summary>First cells of the rows of every table whose first column is headed "ErrorId".</summary>
    private static HashSet<string> AboutTopicRows()
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        string? header = null;
        foreach (var line in File.ReadAllLines(Path.Combine(DocsFolder, "about_ZoomUsers.md")))
        {
            var cell = Regex.Match(line, @"^\|\s*([^|]*?)\s*\|");
            if (!cell.Success) { header = null; continue; }
            if (header == null) { header = cell.Groups[1].Value; continue; }
            if (header == "ErrorId" && !cell.Groups[1].Value.StartsWith("---", StringComparison.Ordinal))
                rows.Add(cell.Groups[1].Value);
        }
        return rows;
    }

    [Fact]
    public void Every_ErrorId_the_code_can_emit_has_an_entry_in_troubleshooting_and_a_row_in_the_about_topic()
    {
        var ids = IdsInCode();
        var entries = TroubleshootingEntries();
        var rows = AboutTopicRows();

        var missing = ids.Where(id => !entries.ContainsKey(id)).Select(id => $"{id}: no entry (### {id}) in {TroubleshootingPage}")
            .Concat(ids.Where(id => !rows.Contains(id)).Select(id => $"{id}: no row (| {id} | ... |) in an ErrorId table of {AboutPage}"))
            .ToList();

        Assert.True(missing.Count == 0, "ErrorIds the code can emit that the docs do not explain:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void No_entry_names_an_ErrorId_the_code_no_longer_has()
    {
        var ids = IdsInCode();

        var stale = TroubleshootingEntries().Keys.Where(id => !ids.Contains(id)).Select(id => $"{id}: entry in {TroubleshootingPage}")
            .Concat(AboutTopicRows().Where(id => !ids.Contains(id)).Select(id => $"{id}: row in {AboutPage}"))
            .ToList();

        Assert.True(stale.Count == 0, "Entries for ErrorIds that no code emits (ZoomUsers.ErrorIds has no such constant):\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public void Every_troubleshooting_entry_says_what_it_means_the_usual_cause_and_what_to_do()
    {
        var incomplete = new List<string>();
        foreach (var (id, body) in TroubleshootingEntries())
            foreach (var label in new[] { "**Means:**", "**Usual cause:**", "**What to do:**" })
                if (!body.Contains(label, StringComparison.Ordinal))
                    incomplete.Add($"{id}: no {label} in {TroubleshootingPage}");

        Assert.True(incomplete.Count == 0, string.Join("\n", incomplete));
    }

    [Fact]
    public void The_about_topic_s_ErrorId_tables_give_meaning_usual_cause_and_what_to_do()
    {
        var problems = new List<string>();
        var tables = 0;
        string? header = null;
        foreach (var line in File.ReadAllLines(Path.Combine(DocsFolder, "about_ZoomUsers.md")))
        {
            if (!line.StartsWith('|')) { header = null; continue; }
            var cells = Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray();
            if (header == null)
            {
                header = cells[0];
                if (header != "ErrorId") continue;
                tables++;
                if (!cells.SequenceEqual(new[] { "ErrorId", "Meaning", "Usual cause", "What to do" }))
                    problems.Add($"{AboutPage}: an ErrorId table is headed | {string.Join(" | ", cells)} |, not | ErrorId | Meaning | Usual cause | What to do |");
            }
            else if (header == "ErrorId" && !cells[0].StartsWith("---", StringComparison.Ordinal) && (cells.Length != 4 || cells.Any(c => c.Length == 0)))
                problems.Add($"{cells[0]}: its row in {AboutPage} does not fill Meaning, Usual cause and What to do");
        }

        Assert.True(tables >= 4, $"{AboutPage}: only {tables} ErrorId tables found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Entries_for_Zoom_answers_give_Zoom_s_code()
    {
        var entries = TroubleshootingEntries();
        var fromZoomCodes = IdsFromZoomCodes();
        Assert.True(fromZoomCodes.Count >= 15, $"only {fromZoomCodes.Count} ids read from ErrorCatalog.IdsFromZoomCodes: is the reader broken?");

        var without = fromZoomCodes.Where(id => !entries.TryGetValue(id, out var body) || !Regex.IsMatch(body, @"\*\*Zoom's code:\*\*[^\n]*\bcode \d+")).ToList();

        Assert.True(without.Count == 0, $"{TroubleshootingPage}: no \"**Zoom's code:** ... code N\" line for: " + string.Join(", ", without));
    }
}
