namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>One headless run of a coding CLI, as the loop asks for it.</summary>
/// <param name="Program">The executable (a path, or a name found on PATH).</param>
/// <param name="Model">The model the CLI is told to use.</param>
/// <param name="Endpoint">The CLI's base URL (a gateway, a proxy, a local model server); null for the provider's own.</param>
/// <param name="ApiKeyEnv">The name of the variable that holds the key in the CLI's environment; its value is never
/// written into a file or an argument.</param>
/// <param name="MaxTurns">Cap on the CLI's agentic turns, where it has one.</param>
/// <param name="ExtraArgs">The loop's <c>agent.extra_args</c>, appended as given.</param>
/// <param name="Home">The run's private agent home (HOME, the XDG folders, the CLI's state), kept across iterations.</param>
/// <param name="ResumeSession">The session to continue, or null for a new one.</param>
/// <param name="AllowedCommands">The loop's command prefixes the agent may run without asking.</param>
/// <param name="Sandboxed">True when the loop's own sandbox confines the CLI, so the CLI's own sandbox is not needed.</param>
public sealed record CliInvocation(
    string Program,
    string Model,
    Uri? Endpoint,
    string ApiKeyEnv,
    int? MaxTurns,
    IReadOnlyList<string> ExtraArgs,
    string Home,
    string? ResumeSession,
    IReadOnlyList<string> AllowedCommands,
    bool Sandboxed);
