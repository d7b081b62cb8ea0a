using System.Text.Json.Serialization;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The output of a loop run: its outcome, every iteration, and the totals the cost reports read.</summary>
public sealed record LoopResult(
    string Loop,
    LoopOutcome Outcome,
    string Reason,
    IReadOnlyList<IterationRecord> Iterations,
    TokenSpend Spent,
    string? Branch,
    string? FinalCommit,
    [property: JsonPropertyName("handoff")] string? ClosingNote = null,
    string? PushedTo = null,
    TaskFailureDetails? Failure = null,
    string? PullRequestUrl = null,
    string? PublishedUrl = null)
{
    /// <summary>A pull-request loop's review: findings, which were fixed, the comment's URL; null without a review.</summary>
    public PullRequestRecord? PullRequest { get; init; }

    /// <summary>The deployment: plan, step, checks with their evidence, rollback; null without <c>outputs.deploy</c>.</summary>
    public Steps.DeploymentReport? Deployment { get; init; }

    /// <summary>A pull-request loop: the last commit it pushed to the pull request's head (a verified one, or one CI
    /// then failed); null when it pushed none.</summary>
    public string? PushedCommit { get; init; }

    /// <summary>The follow-up branch: where verified work went that could not be pushed to the pull request's head
    /// (<c>base/{branch}</c>). Stored as <c>handOffBranch</c>, its name in recorded outputs.</summary>
    [JsonPropertyName("handOffBranch")]
    public string? FollowUpBranch { get; init; }

    /// <summary>Each move up <c>agent.models</c>: after which iteration, from and to which model, and why.</summary>
    public IReadOnlyList<Escalation> Escalations { get; init; } = [];
}
