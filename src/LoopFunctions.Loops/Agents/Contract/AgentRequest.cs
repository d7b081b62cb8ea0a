using LoopFunctions.Loops.Agents;

namespace LoopFunctions.Loops.Agents.Contract;

/// <summary>What one agent step is asked to do.</summary>
/// <param name="WorkspacePath">Absolute path of the git workspace; every file tool and command is confined to it.</param>
/// <param name="Goal">The loop's goal (Markdown body of the loop file). Trusted: written by the loop's author.</param>
/// <param name="Feedback">Output of the last verification (failed checks, output tails), or null on the first
/// iteration. Shown to the model as quoted data because test output can echo text from untrusted sources.</param>
/// <param name="Iteration">1-based iteration number.</param>
/// <param name="UntrustedContext">Text that came from events (issue bodies, PR titles ...), keyed by its source. It
/// reaches the model only as fenced, quoted data and is never placed in a command line.</param>
/// <param name="MaxOutputTokens">Cap on output tokens per model call; 0 means "use the agent's configured cap".</param>
/// <param name="Timeout">Wall-time budget for the whole step.</param>
/// <param name="AllowedCommands">Command prefixes the agent may run, e.g. <c>dotnet test</c>; compared word by word
/// after splitting, so <c>npm test</c> allows <c>npm test -- --watch=false</c> but not <c>npm testx</c>.</param>
/// <param name="MaxToolCalls">Cap on tool calls in this step; 0 means "use the agent's configured cap".</param>
public sealed record AgentRequest(
    string WorkspacePath,
    string Goal,
    string? Feedback,
    int Iteration,
    IReadOnlyDictionary<string, string> UntrustedContext,
    int MaxOutputTokens,
    TimeSpan Timeout,
    IReadOnlyList<string> AllowedCommands,
    int MaxToolCalls)
{
    /// <summary>Path patterns the agent may not change: its file tools refuse them, its sandbox shows them read-only.</summary>
    public IReadOnlyList<LoopFunctions.Loops.Workspace.PathGlob> Protected { get; init; } = [];

    /// <summary>The sandbox the agent's processes run in; null runs them unconfined (<c>agent.sandbox: none</c>).</summary>
    public Sandbox.SandboxSpec? Sandbox { get; init; }

    /// <summary>Variables for the agent's processes on top of the allow-listed environment: the ones the loop file
    /// declares, and HOME.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the agent's process groups are recorded while they run, for a crash.</summary>
    public Processes.ProcessLedger? Ledger { get; init; }

    /// <summary>Where the agent records what it does while it runs (output lines, messages, tool calls, usage); null
    /// records nothing.</summary>
    public Transcripts.TranscriptWriter? Transcript { get; init; }
}
