using System.Management.Automation.Language;
using System.Text;
using ZoomUsers.Tests.Harness;

namespace ZoomUsers.Tests.Module;

/// <summary>
/// Every PowerShell file in the repository (build.ps1, the Pester suite, the manifest) parses, and
/// parses on Windows PowerShell 5.1 too: there is no pwsh here, so this is the only check they get
/// before a user or the release workflow runs them.
/// </summary>
public sealed class ScriptFilesTests
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "out", ".git", "TestResults", "node_modules" };
    private static readonly string[] ScriptExtensions = { ".ps1", ".psm1", ".psd1" };

    public static IReadOnlyList<string> ScriptFiles()
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(RepoPaths.Root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.GetDirectories(dir))
                if (!SkippedFolders.Contains(Path.GetFileName(sub))) pending.Push(sub);
            found.AddRange(Directory.GetFiles(dir).Where(f => ScriptExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)));
        }
        return found.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void The_scripts_that_must_exist_are_found()
    {
        var relative = ScriptFiles().Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/')).ToList();

        Assert.Contains("build.ps1", relative);
        Assert.Contains("ZoomUsers.psd1", relative);
        Assert.Contains(relative, f => f.StartsWith("tests/Pester/", StringComparison.Ordinal) && f.EndsWith(".Tests.ps1", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_script_parses_without_errors()
    {
        var problems = new List<string>();
        foreach (var file in ScriptFiles())
        {
            Parser.ParseFile(file, out _, out var errors);
            problems.AddRange(errors.Select(e => $"{Rel(file)}:{e.Extent.StartLineNumber}: {e.Message}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void No_script_uses_syntax_that_Windows_PowerShell_cannot_parse()
    {
        var problems = new List<string>();
        foreach (var file in ScriptFiles())
        {
            var ast = Parser.ParseFile(file, out _, out _);
            problems.AddRange(PowerShell7OnlySyntax(ast).Select(p => $"{Rel(file)}:{p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // Proves the detector sees each construct, so the test above cannot pass by missing them.
    [Theory]
    [InlineData("$a = $b ? 1 : 2")]
    [InlineData("$a = $b ?? 'x'")]
    [InlineData("$a ??= 'x'")]
    [InlineData("dotnet build && dotnet test")]
    [InlineData("Get-Item x || exit 1")]
    [InlineData("${a}?.Length")]
    [InlineData("${a}?[0]")]
    [InlineData("function f { process { } clean { } }")]
    public void The_PowerShell_7_syntax_detector_finds(string script)
    {
        var ast = Parser.ParseInput(script, out _, out var errors);

        Assert.Empty(errors);
        Assert.NotEmpty(PowerShell7OnlySyntax(ast));
    }

    [Fact]
    public void The_PowerShell_7_syntax_detector_accepts_Windows_PowerShell_code()
    {
        var ast = Parser.ParseInput("if ($a) { 1 } else { 2 }; $x = @{ a = 1 }; $y = $x.a; $z = $x['a']; & dotnet build; if ($LASTEXITCODE -ne 0) { throw 'x' }", out _, out var errors);

        Assert.Empty(errors);
        Assert.Empty(PowerShell7OnlySyntax(ast));
    }

    /// <summary>
    /// Windows PowerShell 5.1 reads a file without a byte order mark as the system's ANSI code page,
    /// so a UTF-8 dash or quote there turns into garbage, or into a broken string.
    /// </summary>
    [Fact]
    public void Scripts_with_non_ASCII_text_carry_a_UTF8_byte_order_mark()
    {
        var problems = new List<string>();
        foreach (var file in ScriptFiles())
        {
            var bytes = File.ReadAllBytes(file);
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            if (!bom && bytes.Any(b => b > 0x7F))
                problems.Add($"{Rel(file)} has non-ASCII characters but no UTF-8 byte order mark");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    internal static IEnumerable<string> PowerShell7OnlySyntax(Ast ast)
    {
        foreach (var node in ast.FindAll(_ => true, searchNestedScriptBlocks: true))
        {
            var where = $"{node.Extent.StartLineNumber}: ";
            switch (node)
            {
                case TernaryExpressionAst:
                    yield return where + "ternary ?: (PowerShell 7)";
                    break;
                case PipelineChainAst:
                    yield return where + "&& or || between pipelines (PowerShell 7)";
                    break;
                case BinaryExpressionAst b when b.Operator == TokenKind.QuestionQuestion:
                    yield return where + "?? (PowerShell 7)";
                    break;
                case AssignmentStatementAst a when a.Operator == TokenKind.QuestionQuestionEquals:
                    yield return where + "??= (PowerShell 7)";
                    break;
                case MemberExpressionAst m when m.NullConditional:
                    yield return where + "?. (PowerShell 7)";
                    break;
                case IndexExpressionAst i when i.NullConditional:
                    yield return where + "?[] (PowerShell 7)";
                    break;
                case ScriptBlockAst s when s.CleanBlock != null:
                    yield return where + "clean block (PowerShell 7.3)";
                    break;
            }
        }
    }

    private static string Rel(string file) => Path.GetRelativePath(RepoPaths.Root, file);
}
