using System.Text;
using System.Xml;
using ZoomUsers.HelpBuilder.About;
using ZoomUsers.HelpBuilder.Maml;
using ZoomUsers.HelpBuilder.Markdown;

// Usage: ZoomUsers.HelpBuilder <docs folder> <output folder>
// Writes, from docs/*.md, one MAML file per "external help file" the cmdlet pages name
// (ZoomUsers.dll-Help.xml) and one about_*.help.txt per about_*.md page.
if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: ZoomUsers.HelpBuilder <docs folder> <output folder>");
    return 2;
}
var (docs, output) = (args[0], args[1]);
Directory.CreateDirectory(output);
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
try
{
    var pages = Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal).ToList();
    // A cmdlet page starts with PlatyPS's front matter; docs/ also holds reference pages for GitHub
    // readers (troubleshooting, benchmarks, ...) that are not help.
    var cmdletPages = pages.Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
        .Where(p => File.ReadLines(p).FirstOrDefault() == "---")
        .Select(CmdletDoc.Load)
        .Where(d => d.FrontMatter.ContainsKey("external help file"))
        .ToList();
    foreach (var file in cmdletPages.GroupBy(d => d.FrontMatter["external help file"]))
    {
        var path = Path.Combine(output, file.Key);
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = utf8 });
        MamlWriter.Write(file).Save(writer);
        Console.WriteLine($"{path}: {file.Count()} cmdlet(s)");
    }
    foreach (var page in pages.Where(p => Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase)))
    {
        var path = Path.Combine(output, Path.GetFileNameWithoutExtension(page) + ".help.txt");
        File.WriteAllText(path, AboutTopicWriter.Write(File.ReadAllText(page)), utf8);
        Console.WriteLine(path);
    }
    return 0;
}
catch (Exception ex) when (ex is InvalidDataException or IOException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
