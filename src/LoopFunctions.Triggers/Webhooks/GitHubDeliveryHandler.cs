using System.Text.Json;
using DurableTask.Core.Exceptions;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Triggers.Starting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>Acts on a routed GitHub delivery: starts runs, handles new pushes to pull requests with a live run, and
/// passes CI results to loops waiting for them.</summary>
public sealed class GitHubDeliveryHandler(DurableTaskClient client, LoopLauncher launcher, ILogger<GitHubDeliveryHandler> logger)
{
    /// <summary>The event a live pull-request loop receives on a new push when its <c>on_push</c> is <c>raise</c>.</summary>
    public const string PushEvent = "push";

    private static readonly TimeSpan TerminateDeadline = TimeSpan.FromSeconds(30);

    public async Task<WebhookReport> HandleAsync(string delivery, GitHubRouting routing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var report = new WebhookReport(delivery);
        report.Ignored.AddRange(routing.Ignored);
        foreach (var match in routing.Matches)
        {
            await StartOrUpdateAsync(match, report, ct).ConfigureAwait(false);
        }

        if (routing.Ci is { } ci)
        {
            await DeliverCiAsync(ci, report, ct).ConfigureAwait(false);
        }

        return report;
    }

    private async Task StartOrUpdateAsync(GitHubMatch match, WebhookReport report, CancellationToken ct)
    {
        var id = match.InstanceId;
        var existing = await client.GetInstanceAsync(id, getInputsAndOutputs: match.IsPushToPullRequest, ct).ConfigureAwait(false);
        if (match.IsPushToPullRequest && OwnPush(existing, match.HeadSha))
        {
            // A pull-request loop's own push to the head: neither a person's change to act on nor a reason to start again.
            report.Ignored.Add($"{match.Loop.Name}: {match.HeadSha} was pushed by {id} itself");
            return;
        }

        if (existing is { IsCompleted: false })
        {
            if (!match.IsPushToPullRequest)
            {
                report.Ignored.Add($"{match.Loop.Name}: {id} is already running");
                return;
            }

            if (match.Loop.OnPush != PushReaction.Restart)
            {
                await client.RaiseEventAsync(id, PushEvent, new { sha = match.HeadSha }, ct).ConfigureAwait(false);
                logger.EventRaised(PushEvent, id, "new push to the pull request");
                report.Raised.Add($"{id}: {PushEvent}");
                return;
            }

            await client.TerminateInstanceAsync(id, "a new push to the pull request restarts the loop", ct).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TerminateDeadline);
            await client.WaitForInstanceCompletionAsync(id, deadline.Token).ConfigureAwait(false);
        }

        try
        {
            await launcher.StartAsync(match.Loop, match.Start, ct).ConfigureAwait(false);
            report.Started.Add(id);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Another host or a concurrent delivery started it between the check and the start: one live run is the goal.
            report.Ignored.Add($"{match.Loop.Name}: {id} is already running");
        }
    }

    /// <summary>Whether <paramref name="sha"/> is the commit the run pushed last: its custom status says so while it runs
    /// and after it ended (a Failed run has no result), its result once it completed.</summary>
    private static bool OwnPush(OrchestrationMetadata? instance, string? sha)
    {
        if (instance is null || string.IsNullOrEmpty(sha))
        {
            return false;
        }

        var status = Read(() => instance.ReadCustomStatusAs<LoopStatus>()?.PushedCommit);
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? Read(() => instance.ReadOutputAs<LoopResult>()?.PushedCommit) : null;
        return string.Equals(status, sha, StringComparison.OrdinalIgnoreCase) || string.Equals(result, sha, StringComparison.OrdinalIgnoreCase);

        static string? Read(Func<string?> read)
        {
            try
            {
                return read();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not a loop's status or result, or none was read: not known to be the loop's push.
                return null;
            }
        }
    }

    private async Task DeliverCiAsync(GitHubCiResult ci, WebhookReport report, CancellationToken ct)
    {
        var query = new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
            PageSize: 500,
            FetchInputsAndOutputs: true);
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
        {
            if (!string.Equals(instance.Name, LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            LoopStatus? status;
            try
            {
                status = instance.ReadCustomStatusAs<LoopStatus>();
            }
            catch (JsonException)
            {
                // Not a loop's status (another orchestration with the same name shape): nothing to deliver to.
                continue;
            }

            // The commit decides when both sides name one (a fork's branch name may match another branch's).
            var waiting = status is { Phase: LoopPhase.AwaitingCi } && (status.AwaitingCommit is { } commit && ci.Sha is { } sha
                ? string.Equals(commit, sha, StringComparison.OrdinalIgnoreCase)
                : string.Equals(status.Branch, ci.Branch, StringComparison.Ordinal));
            if (waiting)
            {
                await client.RaiseEventAsync(instance.InstanceId, LoopActivityNames.CiEvent, new CiResult(ci.Passed, ci.Summary, ci.Url, ci.Sha), ct).ConfigureAwait(false);
                logger.EventRaised(LoopActivityNames.CiEvent, instance.InstanceId, ci.Summary);
                report.Raised.Add($"{instance.InstanceId}: {LoopActivityNames.CiEvent} ({ci.Summary})");
            }
        }
    }
}
