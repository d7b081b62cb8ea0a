namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>A pull request as the GitHub API described it when the run loaded it (recorded, so a replay sees the same).</summary>
/// <param name="Repository">The base repository, <c>owner/name</c>.</param>
/// <param name="Number">The pull request's number.</param>
/// <param name="Title">Its title (untrusted text: it reaches the agent only as quoted data).</param>
/// <param name="HtmlUrl">Its page.</param>
/// <param name="State"><c>open</c> or <c>closed</c>.</param>
/// <param name="BaseBranch">The branch it merges into.</param>
/// <param name="BaseSha">The base branch's commit GitHub compares against.</param>
/// <param name="HeadBranch">The head branch, in <paramref name="HeadRepository"/>.</param>
/// <param name="HeadSha">The head commit: where the loop starts.</param>
/// <param name="HeadRepository">The head repository, <c>owner/name</c>; another one than the base for a fork.</param>
/// <param name="HeadCloneUrl">Where the head branch is fetched from (for a fork; otherwise the loop's own repository is used).</param>
/// <param name="IsFork">The head lives in another repository than the base.</param>
/// <param name="MaintainerCanModify">For a fork: its author lets the base repository's maintainers push to the head branch.</param>
public sealed record PullRequestInfo(
    string Repository,
    int Number,
    string Title,
    string HtmlUrl,
    string State,
    string BaseBranch,
    string BaseSha,
    string HeadBranch,
    string HeadSha,
    string HeadRepository,
    string HeadCloneUrl,
    bool IsFork,
    bool MaintainerCanModify)
{
    /// <summary>Whether the loop may try to push to the head branch: always for a branch of the base repository; for a
    /// fork only when its author allows maintainers to (GitHub refuses otherwise, and the loop never forces).</summary>
    public bool HeadIsWritable => !IsFork || MaintainerCanModify;
}
