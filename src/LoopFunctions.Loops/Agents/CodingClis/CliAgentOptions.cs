namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>Settings of <see cref="CliAgent"/>, resolved from the loop's <c>agent:</c> section.</summary>
/// <param name="Program">The executable: <c>agent.command</c>, or the CLI's own name looked up on PATH.</param>
/// <param name="Model">The model.</param>
/// <param name="Endpoint">The CLI's base URL, or null for the provider's.</param>
/// <param name="ApiKeyEnv">The host variable that holds the key; passed to the CLI, never written anywhere.</param>
/// <param name="MaxTurns">Cap on the CLI's agentic turns, where it has one.</param>
/// <param name="ExtraArgs">Appended to the command line as given.</param>
/// <param name="Resume">Continue the previous iteration's session.</param>
/// <param name="Timeout">Longest one run may take (the request's own timeout, when smaller, wins).</param>
public sealed record CliAgentOptions(
    string Program,
    string Model,
    Uri? Endpoint,
    string ApiKeyEnv,
    int? MaxTurns,
    IReadOnlyList<string> ExtraArgs,
    bool Resume,
    TimeSpan Timeout)
{
    /// <summary>Characters kept from the end of stdout and of stderr, each. The event stream of a long step is large,
    /// and its last line holds the usage.</summary>
    public int OutputCap { get; init; } = 4 * 1024 * 1024;
}
