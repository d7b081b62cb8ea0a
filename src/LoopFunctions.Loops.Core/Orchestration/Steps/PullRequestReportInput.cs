namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The one review comment a pull-request loop posts at its end, and the commit status it sets.</summary>
/// <param name="Repository">The base repository, <c>owner/name</c>.</param>
/// <param name="Number">The pull request.</param>
/// <param name="Body">The comment (Markdown), rendered from the run's record.</param>
/// <param name="Marker">A hidden line unique to the run: a retried step finds its comment by it and does not post twice.</param>
/// <param name="Commit">The commit the review and the status are about.</param>
/// <param name="State"><c>success</c> or <c>failure</c>.</param>
/// <param name="Context">The status's name, <c>loopfunctions/{loop}</c>.</param>
/// <param name="Description">The status's one line (GitHub keeps 140 characters).</param>
/// <param name="Publish">A private publish link to sign into the comment, when the loop shares it with the pull request.</param>
public sealed record PullRequestReportInput(
    string Repository,
    int Number,
    string Body,
    string Marker,
    string Commit,
    string State,
    string Context,
    string Description,
    PublishResult? Publish = null)
{
    /// <summary>Where <see cref="Body"/> takes the publish link the report step signs.</summary>
    public const string PublishLinkPlaceholder = "{publish_link}";
}
