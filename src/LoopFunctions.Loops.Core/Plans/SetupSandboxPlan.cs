namespace LoopFunctions.Loops.Plans;

/// <summary>How <c>workspace.setup</c> runs when the workspace is prepared: in the sandbox the agent gets, because it
/// runs the repository's code (a restore evaluates the project files, <c>npm ci</c> runs install scripts), and on a
/// pull request's head that code is the pull request's.</summary>
/// <param name="Network">Whether the setup shares the host's network (<c>workspace.setup_network</c>, else the
/// agent's <c>network</c>).</param>
/// <param name="Hosts">Otherwise, the only hosts it may reach through the egress proxy (maybe none).</param>
public sealed record SetupSandboxPlan(bool Network, IReadOnlyList<string> Hosts)
{
    /// <summary>The setup's network, one rule wherever a setup runs (the workspace's and each verification's):
    /// <c>workspace.setup_network</c> (true/false, or a list of hosts), else the agent's.</summary>
    public static SetupSandboxPlan For(bool? setupNetwork, IReadOnlyList<string> setupHosts, AgentPlan agent)
    {
        ArgumentNullException.ThrowIfNull(setupHosts);
        ArgumentNullException.ThrowIfNull(agent);
        return setupNetwork is { } own ? new(own, setupHosts)
            : setupHosts.Count > 0 ? new(false, setupHosts)
            : new(agent.Network, agent.NetworkHosts);
    }
}
