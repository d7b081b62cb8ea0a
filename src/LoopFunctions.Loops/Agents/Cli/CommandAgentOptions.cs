namespace LoopFunctions.Loops.Agents.Cli;

/// <summary>Settings of <see cref="CommandAgent"/>.</summary>
/// <param name="Command">argv template, e.g. <c>["claude", "-p", "--output-format", "json"]</c> or
/// <c>["./agent.sh", "{prompt_file}", "{workspace}"]</c>. The placeholders <c>{prompt_file}</c>, <c>{workspace}</c>
/// and <c>{iteration}</c> are replaced inside each argument separately; the result is never re-split or given to a
/// shell, so a workspace path with spaces stays one argument.</param>
/// <param name="Timeout">Longest the command may run (the request's own timeout, when smaller, wins); then its
/// process tree is killed.</param>
/// <param name="Environment">Variables added to the inherited environment (for example the CLI's API key).</param>
public sealed record CommandAgentOptions(string[] Command, TimeSpan Timeout, IDictionary<string, string>? Environment)
{
    /// <summary>Characters kept from the end of stdout and stderr, each.</summary>
    public int OutputCap { get; init; } = 256 * 1024;

    /// <summary>Lines of output used as the summary when the command prints no JSON summary.</summary>
    public int SummaryLines { get; init; } = 20;
}
