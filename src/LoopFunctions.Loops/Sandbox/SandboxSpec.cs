namespace LoopFunctions.Loops.Sandbox;

/// <summary>What a sandboxed agent may see and change. Everything else of the host is read-only, and the
/// <paramref name="Hidden"/> folders are replaced by empty ones.</summary>
/// <param name="WorkTree">The agent's workspace: writable.</param>
/// <param name="Home">The agent's private HOME: writable, kept for the run.</param>
/// <param name="Network">Whether the agent may use the network; without it only a loopback of its own is there (and,
/// with <see cref="Egress"/>, a proxy to the hosts of <c>agent.network</c>).</param>
/// <param name="Hidden">Folders replaced by empty ones: the host's home, other runs' workspaces, the store.</param>
/// <param name="Readable">Host paths shown read-only even inside a hidden folder (the agent's own program,
/// <c>agent.read_paths</c>).</param>
/// <param name="Writable">Host paths the agent may change (<c>agent.write_paths</c>).</param>
/// <param name="ReadOnlyFiles">Files inside the workspace the agent may read but not change, delete or rename: the
/// protected paths.</param>
public sealed record SandboxSpec(
    string WorkTree,
    string Home,
    bool Network,
    IReadOnlyList<string> Hidden,
    IReadOnlyList<string> Readable,
    IReadOnlyList<string> Writable,
    IReadOnlyList<string> ReadOnlyFiles)
{
    /// <summary>When set, the network stays unshared (<see cref="Network"/> must be false) and the only way out is the
    /// egress proxy whose socket it names; the child's environment needs <see cref="SandboxEgress.ProxyEnvironment"/>.</summary>
    public SandboxEgress? Egress { get; init; }
}
