using System.Management.Automation.Language;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// The Pester suite runs in pwsh 7.6.9 after this one (build.ps1 -Task Test); its shape is checked
/// here because one CI job cannot run all of it: the Windows PowerShell 5.1 job runs only what is
/// tagged NoSimulator, so every Describe must say which side it is on, and only the Simulator side
/// may start the simulator (which 5.1 cannot load).
/// </summary>
public sealed class PesterSuiteTests
{
    private static readonly string PesterFolder = Path.Combine(RepoPaths.Root, "tests", "Pester");

    private static IEnumerable<(string File, CommandAst Describe, string[] Tags)> Describes()
    {
        foreach (var file in Directory.GetFiles(PesterFolder, "*.Tests.ps1"))
        {
            var ast = Parser.ParseFile(file, out _, out _);
            foreach (CommandAst command in ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "Describe", searchNestedScriptBlocks: true))
                yield return (Path.GetFileName(file), command, TagsOf(command));
        }
    }

    private static string[] TagsOf(CommandAst command)
    {
        var elements = command.CommandElements;
        for (var i = 0; i < elements.Count - 1; i++)
            if (elements[i] is CommandParameterAst p && p.ParameterName.Equals("Tag", StringComparison.OrdinalIgnoreCase))
                return elements[i + 1].FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(s => s.Value).ToArray();
        return Array.Empty<string>();
    }

    [Fact]
    public void Every_Describe_is_tagged_NoSimulator_or_Simulator()
    {
        var all = Describes().ToList();

        Assert.True(all.Count >= 2, "expected Describe blocks in tests/Pester");
        Assert.All(all, d => Assert.True(
            d.Tags.Contains("NoSimulator") ^ d.Tags.Contains("Simulator"),
            $"{d.File}:{d.Describe.Extent.StartLineNumber}: tag the Describe 'NoSimulator' or 'Simulator' (it has [{string.Join(", ", d.Tags)}])"));
        Assert.Contains(all, d => d.Tags.Contains("NoSimulator"));
        Assert.Contains(all, d => d.Tags.Contains("Simulator"));
    }

    [Fact]
    public void Simulator_blocks_skip_themselves_and_only_they_start_the_simulator()
    {
        foreach (var (file, describe, tags) in Describes())
        {
            var startsSimulator = describe.FindAll(a => a is CommandAst c && c.GetCommandName() == "Start-ZoomSimulator", true).Any();
            var skips = describe.CommandElements.OfType<CommandParameterAst>().Any(p => p.ParameterName.Equals("Skip", StringComparison.OrdinalIgnoreCase));
            if (tags.Contains("Simulator"))
                Assert.True(skips, $"{file}: a Simulator Describe needs -Skip:(...) for PowerShell that cannot load the simulator");
            else
                Assert.False(startsSimulator, $"{file}: a NoSimulator Describe starts the simulator");
        }
    }
}
