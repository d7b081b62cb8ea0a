namespace LoopFunctions.Loops.Plans;

/// <param name="CommitMode"><c>each_iteration</c> keeps one commit per iteration; <c>on_success</c> squashes them into one
/// commit when verified (iterations are still committed as they go, so a crash never loses work).</param>
/// <param name="Push">Push the loop branch when verified.</param>
/// <param name="Remote">The remote to push to.</param>
/// <param name="PullRequestTitle">When set, open or update a pull request with this title template.</param>
/// <param name="PullRequestBody">The pull request body template.</param>
/// <param name="Publish">When set, upload a folder to Blob Storage after a verified run (after push and pull request).</param>
public sealed record OutputsPlan(CommitMode CommitMode, bool Push, string Remote, string? PullRequestTitle, string? PullRequestBody, PublishPlan? Publish = null)
{
    /// <summary><c>outputs.deploy</c>; null for none.</summary>
    public DeployPlan? Deploy { get; init; }
}
