using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>A validated loop file. See <c>docs/loop-reference.md</c> for every key and its default.</summary>
/// <param name="Name">The file name without <c>.md</c>, unless <c>name:</c> says otherwise.</param>
/// <param name="SourcePath">The absolute path of the file.</param>
/// <param name="Goal">The Markdown body: the instructions for the agent.</param>
/// <param name="Triggers">What starts it.</param>
/// <param name="Repository">workspace.repository, or null when it must be given at start (<c>--repo</c>).</param>
/// <param name="BaseBranch">workspace.base_branch.</param>
/// <param name="BranchTemplate">workspace.branch, with {loop}, {instance}, {date} and {pr}.</param>
/// <param name="Setup">workspace.setup argv.</param>
/// <param name="Agent">The agent, with prices still unresolved (0).</param>
/// <param name="Checks">verify.</param>
/// <param name="CiWait">ci.wait: how long to wait for a CI result event, or null.</param>
/// <param name="Limits">limits.</param>
/// <param name="Governance">governance.</param>
/// <param name="TrustedAuthors">governance.trusted_authors.</param>
/// <param name="OnPush">governance.on_push: <c>raise</c> or <c>restart</c>.</param>
/// <param name="Outputs">outputs.</param>
public sealed record LoopDefinition(
    string Name,
    string SourcePath,
    string Goal,
    IReadOnlyList<TriggerSpec> Triggers,
    string? Repository,
    string BaseBranch,
    string BranchTemplate,
    IReadOnlyList<string>? Setup,
    AgentPlan Agent,
    IReadOnlyList<CheckPlan> Checks,
    TimeSpan? CiWait,
    LimitsPlan Limits,
    GovernancePlan Governance,
    IReadOnlyList<string> TrustedAuthors,
    PushReaction OnPush,
    OutputsPlan Outputs)
{
    /// <summary>review: the reviewer of a pull-request loop; null for none.</summary>
    public ReviewPlan? Review { get; init; }

    /// <summary>prices: this loop's prices by model (USD per million tokens), over the host's; empty for none.</summary>
    public IReadOnlyDictionary<string, Agents.Pricing.ModelPrice> Prices { get; init; } = new Dictionary<string, Agents.Pricing.ModelPrice>();

    /// <summary>Where <c>limits.max_cost_usd</c> is in the file (line, column), for the problems of unpriced models;
    /// (1, 1) without one.</summary>
    public (int Line, int Column) CostLimitAt { get; init; } = (1, 1);

    /// <summary>Where <c>limits.pool</c> is in the file, for a problem with the pool the host's settings find; (1, 1)
    /// when the loop names none.</summary>
    public (int Line, int Column) PoolAt { get; init; } = (1, 1);

    /// <summary><c>workspace.setup_network</c>: true, false, or null for the agent's network.</summary>
    public bool? SetupNetwork { get; init; }

    /// <summary><c>workspace.setup_network</c> as a list: the hosts the setup may reach through the egress proxy.</summary>
    public IReadOnlyList<string> SetupNetworkHosts { get; init; } = [];

    /// <summary>Whether the loop works on its pull request's head branch (<c>workspace.branch: head</c>).</summary>
    public bool OnPullRequestHead => BranchTemplate == WorkspacePlan.PullRequestHead;
}
