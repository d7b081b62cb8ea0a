namespace LoopFunctions.Host.Dashboard;

/// <summary>One iteration as the dashboard shows it.</summary>
internal sealed record TimelineEntry(
    int Iteration,
    string? AgentSummary,
    long Tokens,
    decimal CostUsd,
    int? FilesChanged,
    int? Insertions,
    int? Deletions,
    IReadOnlyList<string> Violations,
    bool? Passed,
    string? Verification,
    IReadOnlyList<TimelineCheck> Checks,
    string? Commit)
{
    /// <summary>The agent left the tree unchanged: the iteration was not guarded, verified nor committed.</summary>
    public bool Unchanged { get; init; }

    /// <summary>With <c>agent.attempts</c>: the iteration's attempts side by side, in index order; the entry's tokens
    /// and cost are their sum, its guard, verification and commit the committed attempt's. Empty otherwise.</summary>
    public IReadOnlyList<TimelineAttempt> Attempts { get; init; } = [];
}

/// <summary>One attempt of an iteration with <c>agent.attempts</c>, as its lane in the timeline.</summary>
internal sealed record TimelineAttempt(
    int Index,
    string? Model,
    string? AgentSummary,
    long Tokens,
    decimal CostUsd,
    int? Insertions,
    int? Deletions,
    IReadOnlyList<string> Violations,
    bool? Passed,
    string? Verification,
    bool Committed);

/// <summary>One check of an iteration's verification.</summary>
internal sealed record TimelineCheck(string Name, bool Passed, string Summary, int? TestsFound);
