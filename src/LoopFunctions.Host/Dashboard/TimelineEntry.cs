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
}

/// <summary>One check of an iteration's verification.</summary>
internal sealed record TimelineCheck(string Name, bool Passed, string Summary, int? TestsFound);
