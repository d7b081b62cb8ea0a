using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <param name="Repository">A local path or clone URL.</param>
/// <param name="BaseBranch">The branch the loop starts from.</param>
/// <param name="WorkBranch">The rendered branch the loop commits to.</param>
/// <param name="WorkRoot">Where clones live (under the store folder by default), so a restarted process finds them.</param>
/// <param name="SetupCommand">Run once after the clone, as argv; null for none.</param>
public sealed record WorkspacePlan(string Repository, string BaseBranch, string WorkBranch, string WorkRoot, IReadOnlyList<string>? SetupCommand)
{
    /// <summary>The template value of <c>workspace.branch</c> that makes a loop work on its pull request's own head
    /// branch.</summary>
    public const string PullRequestHead = "head";

    /// <summary><c>workspace.branch: head</c>: the loop clones the pull request's head repository, starts from its head
    /// commit and pushes its verified commits back to that branch (never forced). <see cref="WorkBranch"/> is then the
    /// head branch once the pull request is loaded.</summary>
    public bool OnPullRequestHead { get; init; }

    /// <summary>Where a pull-request loop hands its verified work off when it cannot push it to the head branch (a fork
    /// it may not write, a head that moved and does not merge cleanly): the default branch template, rendered.</summary>
    public string? FollowUpBranch { get; init; }

    /// <summary><c>workspace.setup_network</c>: whether the sandboxed setup may use the network; null: as the agent
    /// may (<c>agent.network</c>).</summary>
    public bool? SetupNetwork { get; init; }

    /// <summary><c>workspace.setup_network</c> as a list: the only hosts the sandboxed setup may reach.</summary>
    public IReadOnlyList<string> SetupNetworkHosts { get; init; } = [];

    /// <summary>The sandbox the setup runs in when the workspace is prepared; null: unconfined (<c>agent.sandbox:
    /// none</c>).</summary>
    /// <remarks>Left out of the JSON when null, so the inputs of runs planned before it existed replay byte for byte;
    /// such a run's setup runs unconfined, as it did when it was planned.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SetupSandboxPlan? SetupSandbox { get; init; }
}
