using System.Globalization;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents.OpenAi;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Review;

/// <summary>
/// The review of a pull request: the diff from the merge base of the pull request's base and head to the head goes to
/// the reviewer (a model, or a command run in a fresh checkout of the head), which lists findings. The recheck at the
/// end of the run says which findings the loop fixed: a model reads the findings and the loop's own diff; a command
/// runs again on the final commit, and a finding it no longer reports is fixed.
/// </summary>
public static class ReviewStep
{
    public static async Task<ReviewOutcome> RunAsync(ReviewInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        var mergeBase = (await Git.RunAsync(folder.GitCall("merge-base", input.From, input.To), cancellationToken).ConfigureAwait(false)).Trim();
        var diff = await GitWorkspace.PatchAsync(input.Workspace, mergeBase, input.To, cancellationToken).ConfigureAwait(false);
        return input.Review.Kind == ReviewKind.Command
            ? await CommandAsync(input, folder, mergeBase, diff, cancellationToken).ConfigureAwait(false)
            : await ModelAsync(input, diff, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReviewOutcome> ModelAsync(ReviewInput input, string diff, CancellationToken cancellationToken)
    {
        var review = input.Review;
        var options = AgentFactory.OpenAiOptions(review.Endpoint, review.IsAzure, review.ApiKeySetting, review.Model!, 0, ReviewPlan.MaxOutputTokens, 1);
        var reviewer = new LlmReviewer(ChatClientFactory.Create(options));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(review.Timeout);
        if (input.Findings is { } findings)
        {
            // The loop's own change is what may have fixed them.
            var change = await GitWorkspace.PatchAsync(input.Workspace, input.LoopStart ?? input.From, input.To, cancellationToken).ConfigureAwait(false);
            var (fixedNumbers, inTokens, outTokens) = await reviewer.RecheckAsync(findings, change, timeout.Token).ConfigureAwait(false);
            return Recheck(findings, fixedNumbers, new TokenSpend(inTokens, outTokens, review.Cost(inTokens, outTokens)) { Unpriced = !review.Priced });
        }

        var (answer, input1, output1) = await reviewer.ReviewAsync(input.Goal, review.Instructions, diff, timeout.Token).ConfigureAwait(false);
        var parsed = FindingsParser.TryJson(answer) ?? throw new Agents.AgentException($"the reviewer did not answer with {{\"findings\": [...]}} JSON: {(answer.Length > 200 ? answer[..200] + "..." : answer)}");
        var kept = parsed.Take(review.MaxFindings).Select((f, i) => f with { Number = i + 1 }).ToList();
        return Found(kept, parsed.Count - kept.Count, new TokenSpend(input1, output1, review.Cost(input1, output1)) { Unpriced = !review.Priced });
    }

    private static async Task<ReviewOutcome> CommandAsync(ReviewInput input, RunFolder folder, string mergeBase, string diff, CancellationToken cancellationToken)
    {
        var review = input.Review;
        await VerificationCheckout.PrepareAsync(folder, input.To, input.To, [], cancellationToken).ConfigureAwait(false);
        var diffFile = folder.NewScratchFile("review.diff");
        try
        {
            await File.WriteAllTextAsync(diffFile, diff, cancellationToken).ConfigureAwait(false);
            var argv = review.Command!.Select(a => a
                .Replace("{diff_file}", diffFile, StringComparison.Ordinal)
                .Replace("{base}", mergeBase, StringComparison.Ordinal)
                .Replace("{head}", input.To, StringComparison.Ordinal)).ToList();
            var environment = ChildEnvironment.Declared(review.Environment);
            var result = await ProcessRunner.RunAsync(new ProcessRunOptions(argv, folder.Checkout, review.Timeout) { Environment = environment, Ledger = folder.Processes, SweepStrays = true }, cancellationToken).ConfigureAwait(false);
            if (result.TimedOut)
            {
                throw new Agents.AgentException(string.Create(CultureInfo.InvariantCulture, $"the review command timed out after {Definitions.DurationText.Format(review.Timeout)}"));
            }

            // A review tool exits non-zero when it finds something, as linters do: its output is what counts.
            var (found, omitted) = FindingsParser.Parse(result.StandardOutput, input.Findings is null ? review.MaxFindings : int.MaxValue);
            if (input.Findings is not { } earlier)
            {
                return Found(found, omitted, TokenSpend.Zero);
            }

            var still = found.Select(Key).ToHashSet(StringComparer.Ordinal);
            return Recheck(earlier, earlier.Where(f => !still.Contains(Key(f))).Select(f => f.Number).ToList(), TokenSpend.Zero);
        }
        finally
        {
            File.Delete(diffFile);
        }
    }

    private static ReviewOutcome Found(IReadOnlyList<ReviewFinding> findings, int omitted, TokenSpend spend)
    {
        var high = findings.Count(f => f.Severity == "high");
        var summary = findings.Count == 0
            ? "review: no findings"
            : string.Create(CultureInfo.InvariantCulture, $"review: {findings.Count + omitted} finding(s){(high > 0 ? $", {high} high" : "")}");
        return new ReviewOutcome(findings, summary, spend, omitted);
    }

    private static ReviewOutcome Recheck(IReadOnlyList<ReviewFinding> findings, IReadOnlyList<int> fixedNumbers, TokenSpend spend)
    {
        var left = findings.Where(f => !fixedNumbers.Contains(f.Number)).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture, $"recheck: {fixedNumbers.Count} of {findings.Count} finding(s) fixed, {left.Count} left");
        return new ReviewOutcome(left, summary, spend, 0, fixedNumbers);
    }

    /// <summary>A finding's identity across two runs of a review command: its file and text (lines move when code is fixed).</summary>
    private static string Key(ReviewFinding finding) => $"{finding.Path}\u0000{finding.Text}";
}
