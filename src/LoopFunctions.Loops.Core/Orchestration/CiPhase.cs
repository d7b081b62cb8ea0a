using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>After a verified commit is pushed: wait for the repository's CI result for that commit (the <c>ci</c>
/// event the webhook raises from <c>check_suite</c> / <c>workflow_run</c>); a failure or silence fails the iteration,
/// with the failing jobs' summary as the agent's feedback.</summary>
internal static class CiPhase
{
    /// <param name="scope">The run.</param>
    /// <param name="at">Where the run is.</param>
    /// <param name="commit">The pushed commit.</param>
    /// <param name="local">The local verification, which passed.</param>
    /// <param name="repository">The GitHub repository (<c>owner/name</c>) whose check runs explain a failure; null when unknown.</param>
    public static async Task<VerificationOutcome> WaitAsync(LoopScope scope, RunPosition at, string commit, VerificationOutcome local, string? repository)
    {
        var timeout = scope.Plan.CiWait!.Value;
        scope.Publish(LoopPhase.AwaitingCi, at, awaitingCommit: commit);
        var deadline = scope.Now + timeout;
        // Waiting for CI is part of the run's time: it ends at max_duration too.
        var capped = scope.Run.Deadline is { } end && end < deadline;
        deadline = capped ? scope.Run.Deadline!.Value : deadline;
        var silent = false;
        CiResult ci;
        while (true)
        {
            var left = deadline - scope.Now;
            if (left <= TimeSpan.Zero)
            {
                (ci, silent) = (Silence(timeout, capped), true);
                break;
            }

            try
            {
                ci = await scope.Context.WaitForExternalEvent<CiResult>(LoopActivityNames.CiEvent, left);
            }
            catch (TaskCanceledException)
            {
                (ci, silent) = (Silence(timeout, capped), true);
                break;
            }

            // A late result of an earlier push says nothing about this commit.
            if (ci.Sha is null || string.Equals(ci.Sha, commit, StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
        }

        if (ci.Passed)
        {
            return local with { Summary = $"{local.Summary}; CI passed" };
        }

        var jobs = repository is null || silent ? "" : await FailingJobsAsync(scope, repository, commit);
        return local with
        {
            Passed = false,
            Summary = $"{local.Summary}; CI failed: {ci.Summary}",
            Feedback = $"The local checks passed, but CI failed: {ci.Summary}{(ci.Url is null ? "" : " (" + ci.Url + ")")}"
                + (jobs.Length > 0 ? "\n\nFailing CI jobs:\n" + jobs : ""),
            Signal = local.Signal + 1,
        };
    }

    private static async Task<string> FailingJobsAsync(LoopScope scope, string repository, string commit)
    {
        try
        {
            return await scope.Context.CallCiFailuresAsync(new CiDetailsInput(repository, commit));
        }
        catch (TaskFailedException)
        {
            // The jobs' details make the feedback better; without them (no token, say) CI's own words still go back.
            return "";
        }
    }

    private static CiResult Silence(TimeSpan timeout, bool capped) => new(false, capped
        ? "no CI result arrived before the run's max_duration deadline"
        : $"no CI result arrived within {Definitions.DurationText.Format(timeout)}");
}
