using System.Globalization;
using System.Text;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The one review comment a pull-request loop posts: what the review found, what the loop fixed and left, the
/// verification, where the work went, the deployment and the spend. Pure: rendered from the run's record, so a replay
/// renders the same text.</summary>
internal static class PullRequestReport
{
    public static string Render(LoopPlan plan, LoopResult result, string marker, bool signPublishLink)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"### LoopFunctions `{plan.Name}`: {result.Outcome}\n\n{Mentionless(result.Reason.Trim())}\n\n");
        if (result.PullRequest is { } pr)
        {
            var fixedNumbers = pr.Fixed ?? [];
            if (pr.Findings.Count == 0)
            {
                text.Append(culture, $"**Review:** {pr.ReviewSummary ?? "no review"}\n\n");
            }
            else
            {
                var left = pr.Findings.Count - fixedNumbers.Count;
                text.Append(culture, $"**Review:** {pr.Findings.Count} finding(s); {(pr.Fixed is null ? "none rechecked" : $"{fixedNumbers.Count} fixed, {left} left")}\n\n");
                foreach (var finding in pr.Findings)
                {
                    var done = fixedNumbers.Contains(finding.Number);
                    text.Append(culture, $"- [{(done ? "x" : " ")}] {Mentionless(PullRequestPhase.Line(finding))}{(done ? " (fixed)" : "")}\n");
                }

                text.Append('\n');
            }
        }

        text.Append(culture, $"**Verification:** {Mentionless(result.Iterations.LastOrDefault(i => i.Verification is not null)?.Verification?.Summary ?? "not run")}\n\n");
        if (result.FollowUpBranch is { } branch)
        {
            text.Append(culture, $"**Not pushed to this pull request.** The verified work is on the branch `{branch}`.\n\n");
        }
        else if (result.PushedTo is not null && result.FinalCommit is { } commit)
        {
            text.Append(culture, $"**Pushed:** {commit} to this pull request's branch.\n\n");
        }

        if (result.Deployment is { } deployment)
        {
            text.Append(culture, $"**Deployment:** {(deployment.Succeeded ? "succeeded" : "failed")}: {Mentionless(deployment.Deploy.Summary)}");
            foreach (var check in deployment.Checks)
            {
                text.Append(culture, $"\n- {(check.Passed ? "passed" : "failed")}: {Mentionless(check.Summary)}");
            }

            if (deployment.Rollback is { } rollback)
            {
                text.Append(culture, $"\n- {Mentionless(rollback.Summary)}");
            }

            text.Append("\n\n");
        }

        if (result.PublishedUrl is { } url && plan.Outputs.Publish is { } publish)
        {
            var link = signPublishLink ? PullRequestReportInput.PublishLinkPlaceholder : publish.SharesWith("pull_request") ? url : null;
            if (link is not null)
            {
                text.Append(culture, $"**Published:** {link}\n\n");
            }
        }

        var spent = result.Spent;
        text.Append(culture, $"**Spend:** {spent.TotalTokens:N0} tokens, {spent.CostText("$0.00##")} over {result.Iterations.Count} iteration(s)");
        var models = result.Iterations.Where(i => i.Model is not null).GroupBy(i => i.Model!).Select(g => $"{g.Key} x{g.Count()}").ToList();
        if (plan.Agent.Escalation is not null && models.Count > 0)
        {
            text.Append(culture, $" ({string.Join(", ", models)})");
        }

        text.Append("\n\n").Append(marker).Append('\n');
        return text.ToString();
    }

    /// <summary>Text a model wrote must not ping people: <c>@name</c> gets a zero-width space.</summary>
    private static string Mentionless(string text) => text.Replace("@", "@\u200b", StringComparison.Ordinal);
}
