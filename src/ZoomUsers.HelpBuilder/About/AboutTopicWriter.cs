using System.Text;
using System.Text.RegularExpressions;

namespace ZoomUsers.HelpBuilder.About;

/// <summary>
/// Turns an about_*.md page (PlatyPS's about schema: "## HEADING" sections) into the plain-text
/// about_*.help.txt Get-Help shows: headings upper-case at the margin, their text indented four
/// spaces, code indented eight, as New-ExternalHelp writes it.
/// </summary>
public static class AboutTopicWriter
{
    public static string Write(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var text = new StringBuilder();
        var title = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? "";
        text.Append("TOPIC\n    ").Append(title.ToLowerInvariant()).Append('\n');
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence)
            {
                text.Append(line.Length == 0 ? "" : "        " + line).Append('\n');
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal)) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var heading = line[3..].Trim();
                // The schema repeats the topic name as its first section; TOPIC above already says it.
                if (string.Equals(heading, title, StringComparison.OrdinalIgnoreCase)) continue;
                text.Append('\n').Append(heading.ToUpperInvariant()).Append('\n');
                continue;
            }
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                text.Append("\n    ").Append(line[4..].Trim().ToUpperInvariant()).Append('\n');
                continue;
            }
            text.Append(line.Trim().Length == 0 ? "" : "    " + line).Append('\n');
        }
        // Markdown's blank lines and the ones before headings would double up.
        return Regex.Replace(text.ToString(), @"\n{3,}", "\n\n");
    }
}
