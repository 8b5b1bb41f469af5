namespace ZoomUsers.HelpBuilder.Markdown;

/// <summary>One ```yaml block under a parameter: the metadata of that parameter in some of its sets.</summary>
public sealed class ParameterBlock
{
    private ParameterBlock(Dictionary<string, string> values) => Values = values;

    public Dictionary<string, string> Values { get; }

    public string Get(string key) => Values.TryGetValue(key, out var v) ? v : "";

    public string Type => Get("Type");
    public IReadOnlyList<string> ParameterSets => SplitList(Get("Parameter Sets"));
    public IReadOnlyList<string> Aliases => SplitList(Get("Aliases"));
    public string Required => Get("Required");
    public string Position => Get("Position");
    public string DefaultValue => Get("Default value");
    public string PipelineInput => Get("Accept pipeline input");
    public string Wildcards => Get("Accept wildcard characters");

    public static ParameterBlock Parse(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in yaml.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return new ParameterBlock(values);
    }

    private static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
