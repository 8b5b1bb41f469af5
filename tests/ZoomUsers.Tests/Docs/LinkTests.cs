using System.Text.RegularExpressions;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Docs;

/// <summary>
/// Every link in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md stays inside the repository:
/// a relative link finds its file (inside the repository, not beside it) and its heading. The only web
/// addresses allowed are the repository's own on GitHub (CHANGELOG's version links) and, on a cmdlet's
/// help page, the vendor references Get-Help shows as the command's online links (RELATED LINKS, and
/// PlatyPS's about_CommonParameters line).
/// </summary>
public sealed class LinkTests
{
    private const string OwnGitHub = "https://github.com/zoomusers/ZoomUsers/";

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var page in new[] { "README.md", "CONTRIBUTING.md", "CHANGELOG.md" })
            data.Add(page);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            data.Add("docs/" + Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_link_stays_inside_the_repository_and_finds_its_file_and_heading(string page)
    {
        var path = Path.Combine(RepoPaths.Root, page);
        var lines = File.ReadAllLines(path);
        var isCmdletPage = lines.FirstOrDefault() == "---";
        var problems = new List<string>();

        foreach (var (number, target, section) in Links(lines))
        {
            if (Regex.IsMatch(target, @"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase))
            {
                var vendorReference = isCmdletPage && (section == "RELATED LINKS" || target == "http://go.microsoft.com/fwlink/?LinkID=113216");
                if (!target.StartsWith(OwnGitHub, StringComparison.Ordinal) && !vendorReference)
                    problems.Add($"{page}:{number}: {target} points outside the repository");
                continue;
            }
            var hash = target.IndexOf('#');
            var file = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!resolved.StartsWith(RepoPaths.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != RepoPaths.Root)
                problems.Add($"{page}:{number}: {target} points outside the repository");
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                problems.Add($"{page}:{number}: {target}: no such file");
            else if (anchor != null && (!File.Exists(resolved) || !Anchors(File.ReadAllLines(resolved)).Contains(anchor)))
                problems.Add($"{page}:{number}: {target}: no heading #{anchor} in {file}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void README_stays_the_admin_s_door()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var headings = readme.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();

        Assert.True(readme.Length <= 300, $"README.md has {readme.Length} lines; at most 300 (reference goes to docs/, contributor material to CONTRIBUTING.md)");
        var order = new[] { "Install", "The Zoom app", "Connect", "-WhatIf", "Export-Csv", "Reading the report", "nightly runbook", "Entra ID", "Try it", "Where the rest lives" };
        var at = order.Select(o => headings.FindIndex(h => h.Contains(o, StringComparison.Ordinal))).ToList();
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()),
            "README's sections, in the admin's order: " + string.Join(" / ", order) + "\nare: " + string.Join(" / ", headings));
    }

    [Fact]
    public void README_s_test_command_is_what_CI_runs_on_every_OS()
    {
        // README: "The one test command, as CI runs it, is `...`."
        var said = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"))
            .Select(l => Regex.Match(l, @"The one test command, as CI runs it, is `(?<command>[^`]+)`"))
            .Where(m => m.Success).Select(m => m.Groups["command"].Value).ToList();
        var command = Assert.Single(said);

        // ci.yml's test job (the OS matrix): the one-line run: commands of its steps.
        var workflow = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".github", "workflows", "ci.yml"));
        var job = Array.FindIndex(workflow, l => Regex.IsMatch(l, @"^  test:\s*$"));
        Assert.True(job >= 0, "ci.yml has no test job");
        var end = Array.FindIndex(workflow, job + 1, l => Regex.IsMatch(l, @"^  \S"));
        var lines = workflow[job..(end < 0 ? workflow.Length : end)];
        var runs = lines.Select(l => Regex.Match(l, @"^\s+run:\s*(?<command>[^|>].*?)\s*$")).Where(m => m.Success).Select(m => m.Groups["command"].Value).ToList();
        Assert.Contains(lines, l => Regex.IsMatch(l, @"os: \[.*ubuntu-latest.*windows-latest.*macos-latest.*\]"));

        Assert.True(runs.Contains(command), $"README names `{command}` as CI's test command; ci.yml's test job runs: {string.Join(" | ", runs)}");
    }

    /// <summary>Inline links [text](target) and reference definitions [label]: target, outside code.</summary>
    private static IEnumerable<(int Line, string Target, string Section)> Links(string[] lines)
    {
        var inFence = false;
        var section = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (inFence) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal)) section = line[3..].Trim();
            var text = Regex.Replace(line, "`[^`]*`", "");
            foreach (Match m in Regex.Matches(text, @"\]\((?<t>[^)\s]+)(?:\s+""[^""]*"")?\)"))
                yield return (i + 1, m.Groups["t"].Value, section);
            var definition = Regex.Match(text, @"^\s*\[[^\]]+\]:\s*(?<t>\S+)");
            if (definition.Success) yield return (i + 1, definition.Groups["t"].Value, section);
        }
    }

    /// <summary>GitHub's anchors for the page's headings (lower case, punctuation dropped, spaces to hyphens, -1 for repeats).</summary>
    private static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            var heading = Regex.Match(line, @"^#{1,6}\s+(?<h>.+?)\s*#*\s*$");
            if (inFence || !heading.Success) continue;
            var slug = Regex.Replace(heading.Groups["h"].Value.ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", "").Replace(' ', '-');
            var n = seen.TryGetValue(slug, out var count) ? count : 0;
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        return anchors;
    }
}
