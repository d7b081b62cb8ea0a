using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>What a pull-request loop recorded about its pull request: what the review found, what the loop fixed, what
/// is left, and where it reported.</summary>
/// <param name="Repository">The base repository, <c>owner/name</c>.</param>
/// <param name="Number">The pull request.</param>
/// <param name="StartCommit">The head commit the loop started from.</param>
/// <param name="Findings">Everything the review found (numbered).</param>
/// <param name="Fixed">The numbers the recheck found fixed; null when no recheck ran.</param>
/// <param name="ReviewSummary">The review's and the recheck's one-line summaries.</param>
/// <param name="CommentUrl">The review comment's URL; null when none was posted.</param>
public sealed record PullRequestRecord(
    string Repository,
    int Number,
    string StartCommit,
    IReadOnlyList<ReviewFinding> Findings,
    IReadOnlyList<int>? Fixed,
    string? ReviewSummary,
    string? CommentUrl);
