using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ZoomUsers.Tests.Harness;

/// <summary>
/// A minimal host: without one, -WhatIf text is dropped and -Confirm throws. Records every line the
/// engine writes to the host (the What if: lines among them) and answers confirmation prompts.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUI _ui;

    /// <param name="interactive">Give the host a console-like RawUI, as a terminal has (progress is drawn only then).</param>
    public RecordingHost(bool interactive = false) => _ui = new RecordingUI(interactive ? new ConsoleLikeRawUI() : null);

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "ZoomUsersTestHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public RecordingUI Recorder => _ui;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}

public sealed class RecordingUI : PSHostUserInterface
{
    private readonly PSHostRawUserInterface? _rawUI;

    public RecordingUI(PSHostRawUserInterface? rawUI = null) => _rawUI = rawUI;

    public ConcurrentQueue<string> Lines { get; } = new();
    public ConcurrentQueue<string> Prompts { get; } = new();
    public ConcurrentQueue<ProgressRecord> Progress { get; } = new();
    /// <summary>The answer to every confirmation: 0 Yes, 1 Yes to All, 2 No, 3 No to All.</summary>
    public int ChoiceAnswer { get; set; } = 2;
    /// <summary>Run at each choice prompt before it is answered: what the user does at the keyboard meanwhile.</summary>
    public Action? WhilePrompting { get; set; }

    public IEnumerable<string> WhatIfLines => Lines.Where(l => l.StartsWith("What if:", StringComparison.Ordinal));
    public string AllText => string.Join("\n", Lines.Concat(Prompts));

    public override PSHostRawUserInterface? RawUI => _rawUI;
    public override string ReadLine() => string.Empty;
    public override SecureString ReadLineAsSecureString() => new();
    public override void Write(string value) => Lines.Enqueue(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);
    public override void WriteLine(string value) => Lines.Enqueue(value);
    public override void WriteErrorLine(string value) => Lines.Enqueue(value);
    public override void WriteDebugLine(string message) => Lines.Enqueue("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => Lines.Enqueue("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => Lines.Enqueue("WARNING: " + message);
    public override void WriteProgress(long sourceId, ProgressRecord record) => Progress.Enqueue(record);

    /// <summary>What <see cref="Prompt"/> answers, by field name (a missing parameter asked for); nothing by default.</summary>
    public Dictionary<string, object> PromptAnswers { get; } = new();

    /// <summary>Each field asked for: its name and the type it was asked as.</summary>
    public ConcurrentQueue<string> PromptedFields { get; } = new();

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        Prompts.Enqueue(caption + ": " + message);
        var answers = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            PromptedFields.Enqueue(field.Name + ":" + field.ParameterTypeFullName);
            if (PromptAnswers.TryGetValue(field.Name, out var answer)) answers[field.Name] = PSObject.AsPSObject(answer);
        }
        return answers;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Prompts.Enqueue(caption + ": " + message);
        WhilePrompting?.Invoke();
        return ChoiceAnswer;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
}
