using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.GitHub;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Publishing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.PullRequest;

/// <summary>Posts a pull-request loop's one review comment (what was found, fixed and left, the verification, the
/// spend) and its commit status; a retry finds the comment by its marker and does not post it twice.</summary>
/// <remarks>A private publish link the loop shares with the pull request is signed here, so its SAS goes to the
/// comment and nowhere else (<c>{publish_link}</c> in the body).</remarks>
public sealed class ReportToPullRequestActivity(IHostApplicationLifetime lifetime, GitHubClientFactory github, IOptions<LoopRunnerOptions> options) : LoopActivity<PullRequestReportInput, string>(lifetime)
{
    /// <summary>Where the body takes a link signed by this step.</summary>
    public const string PublishLinkPlaceholder = PullRequestReportInput.PublishLinkPlaceholder;

    protected override Task<string> ExecuteAsync(TaskActivityContext context, PullRequestReportInput input, CancellationToken cancellationToken)
    {
        var client = github.Create("the pull-request report");
        var body = input.Body;
        if (input.Publish is { ExpiresAt: { } expires } published && body.Contains(PublishLinkPlaceholder, StringComparison.Ordinal))
        {
            var service = PublishLinks.Service(options.Value.PublishConnectionString, "a private link in the pull-request comment");
            body = body.Replace(PublishLinkPlaceholder, PublishLinks.Signed(service, published.Url, expires), StringComparison.Ordinal);
        }

        return PullRequests.ReportAsync(client, input, body);
    }
}
