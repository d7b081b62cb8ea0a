namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>The coding CLIs a loop can name as <c>agent.kind</c>.</summary>
public static class CodingCliCatalog
{
    /// <summary>Every supported CLI, by kind.</summary>
    public static IReadOnlyDictionary<string, CodingCli> All { get; } = new CodingCli[]
    {
        new ClaudeCodeCli(), new CodexCli(), new GeminiCli(), new OpenCodeCli(),
    }.ToDictionary(cli => cli.Kind, StringComparer.Ordinal);

    /// <summary>The CLI of <paramref name="kind"/>, or null when the kind is not a coding CLI.</summary>
    public static CodingCli? Find(string? kind) => kind is not null && All.TryGetValue(kind, out var cli) ? cli : null;
}
