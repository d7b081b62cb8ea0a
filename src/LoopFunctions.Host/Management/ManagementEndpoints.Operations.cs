using LoopFunctions.DurableTask;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Starters;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Approvals;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

internal static partial class ManagementEndpoints
{
    /// <summary>Durable Functions' order: 404 unknown, 410 ended, then the body (400 for a content type other than
    /// application/json or a body that is not JSON), then 202.</summary>
    private static async Task<IResult> RaiseEventAsync(string id, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (HasEnded(metadata))
        {
            return ApiResults.Gone(id, metadata.RuntimeStatus.ToString());
        }

        var (payload, error) = await EventPayload.ReadAsync(request, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        // An approval must say yes or no explicitly: a typo must not approve or reject a push by accident.
        if (eventName.Equals(LoopActivityNames.ApprovalEvent, StringComparison.Ordinal) && LoopApprovals.Validate(payload) is { } approvalError)
        {
            return ApiResults.BadRequest(approvalError);
        }

        return await OnLiveAsync(id, client, ct, () => client.RaiseEventAsync(id, eventName, payload, ct)).ConfigureAwait(false);
    }

    /// <summary>202 rewinding a Failed instance; 404 unknown (with no body, as Durable Functions: its npm client takes
    /// a body as the error's message); 410 Completed, Terminated or Canceled; 409 still live (Durable Functions: 500).</summary>
    private static async Task<IResult> RewindAsync(string id, string? reason, DurableTaskClient client, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return Results.NotFound();
        }

        if (HasEnded(metadata) && metadata.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return ApiResults.Gone(id, metadata.RuntimeStatus.ToString());
        }

        try
        {
            // The run's pool holds first: the rewound agent step then reserves again rather than run under a stale hold.
            await Loops.Budget.BudgetPools.ReleaseRunAsync(client, id, cancellationToken: ct).ConfigureAwait(false);
            await client.RewindInstanceAsync(id, reason ?? "", ct).ConfigureAwait(false);
        }
        catch (OrchestrationNotFoundException)
        {
            return Results.NotFound();
        }
        catch (OrchestrationStatusConflictException ex)
        {
            return ex.IsTerminal
                ? ApiResults.Gone(id, ex.RuntimeStatus.ToString()!)
                : ApiResults.Error(StatusCodes.Status409Conflict, $"instance {id} is {ex.RuntimeStatus}; only a Failed instance can be rewound", exceptionType: ex.GetType().FullName);
        }

        return Results.Accepted();
    }

    private static async Task<IResult> RestartAsync(string id, HttpContext http, DurableTaskClient client, HostJsonSettings hostJson, LoopHostOptions options, CancellationToken ct)
    {
        var newId = ManagementQuery.Flag(http.Request, "restartWithNewInstanceId", true);
        string started;
        try
        {
            started = await client.RestartAsync(id, newId, ct).ConfigureAwait(false);
        }
        catch (OrchestrationNotFoundException)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"instance {id} is still live; terminate it first or restart with restartWithNewInstanceId=true", exceptionType: ex.GetType().FullName);
        }

        return await StarterEndpoints.AnswerStartAsync(http, client, CheckStatusPayload.For(http.Request, started, hostJson.HubName, BasePath(http)), options, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> PurgeAsync(string id, DurableTaskClient client, [FromServices] Loops.Agents.Transcripts.ITranscriptStore transcripts, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (!HasEnded(metadata))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"instance {id} is {metadata.RuntimeStatus}; terminate it before purging its history");
        }

        var deleted = await client.PurgeInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        await transcripts.DeleteAsync(id, ct).ConfigureAwait(false);
        return Results.Json(new { instancesDeleted = deleted.PurgedInstanceCount });
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableTaskClient client, [FromServices] Loops.Agents.Transcripts.ITranscriptStore transcripts, CancellationToken ct)
    {
        if (ManagementQuery.Time(request, "createdTimeFrom") is not { } from)
        {
            // Durable Functions' rule, which also keeps a bare DELETE from wiping a task hub.
            return ApiResults.BadRequest("Please provide value for 'createdTimeFrom' parameter.");
        }

        var filter = new PurgeInstancesFilter(from, ManagementQuery.Time(request, "createdTimeTo"), ManagementQuery.Statuses(request));
        int deleted;
        IReadOnlyList<string> covered;
        try
        {
            covered = await TranscriptPurge.CandidatesAsync(client, filter, ct).ConfigureAwait(false);
            deleted = (await client.PurgeAllInstancesAsync(filter, cancellation: ct).ConfigureAwait(false)).PurgedInstanceCount;
        }
        catch (ArgumentException ex)
        {
            // A live status in the filter: purging a running instance's history would break it.
            return ApiResults.BadRequest(ex.Message, exceptionType: ex.GetType().FullName);
        }

        await TranscriptPurge.DeleteGoneAsync(client, transcripts, covered, ct).ConfigureAwait(false);
        return deleted == 0 ? ApiResults.NotFound("no ended instance matched") : Results.Json(new { instancesDeleted = deleted });
    }
}
