using LoopFunctions.DurableTask;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Approvals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions management API under <c>/runtime/webhooks/durabletask</c>, with its status codes:
/// 202 + <c>Retry-After</c> while an instance is live, 200 when it ended, 404 unknown, 410 for an operation on an
/// instance that already ended, 400 for a bad request.</summary>
internal static class ManagementEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    public static void MapManagement(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(CheckStatusPayload.BasePath + "/instances").AddEndpointFilter<Auth.FunctionKeyFilter>();
        api.MapGet("/{id}", GetAsync);
        api.MapGet("/", QueryAsync);
        api.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync);
        api.MapPost("/{id}/terminate", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            OnLiveAsync(id, client, ct, () => client.TerminateInstanceAsync(id, reason, ct)));
        api.MapPost("/{id}/suspend", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            OnLiveAsync(id, client, ct, () => client.SuspendInstanceAsync(id, reason, ct)));
        api.MapPost("/{id}/resume", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            OnLiveAsync(id, client, ct, () => client.ResumeInstanceAsync(id, reason, ct)));
        api.MapPost("/{id}/restart", RestartAsync);
        api.MapDelete("/{id}", PurgeAsync);
        api.MapDelete("/", PurgeManyAsync);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, DurableTaskClient client, LoopHostOptions options, CancellationToken ct)
    {
        var showHistory = ManagementQuery.Flag(http.Request, "showHistory", false, out var e1);
        var showHistoryOutput = ManagementQuery.Flag(http.Request, "showHistoryOutput", false, out var e2);
        var showInput = ManagementQuery.Flag(http.Request, "showInput", true, out var e3);
        var serverErrorOnFailure = ManagementQuery.Flag(http.Request, "returnInternalServerErrorOnFailure", false, out var e4);
        if ((e1 ?? e2 ?? e3 ?? e4) is { } error)
        {
            return ApiResults.BadRequest(error);
        }

        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        var history = showHistory ? await client.GetOrchestrationHistoryAsync(id, ct).ConfigureAwait(false) : null;
        var body = StatusJson.From(metadata, showInput, history, showHistoryOutput);
        if (!metadata.IsCompleted)
        {
            http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
            http.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
        }

        var code = serverErrorOnFailure && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        return Results.Json(body, statusCode: code);
    }

    private static async Task<IResult> QueryAsync(HttpContext http, DurableTaskClient client, CancellationToken ct)
    {
        string? error = null;
        var pageSize = ManagementQuery.Top(http.Request, ref error);
        var query = new OrchestrationQuery(
            CreatedFrom: ManagementQuery.Time(http.Request, "createdTimeFrom", ref error),
            CreatedTo: ManagementQuery.Time(http.Request, "createdTimeTo", ref error),
            Statuses: ManagementQuery.Statuses(http.Request, ref error),
            InstanceIdPrefix: http.Request.Query["instanceIdPrefix"].ToString() is { Length: > 0 } prefix ? prefix : null,
            PageSize: pageSize,
            FetchInputsAndOutputs: true);
        var continuation = http.Request.Headers[ContinuationHeader].ToString() is { Length: > 0 } token ? token : null;
        var name = http.Request.Query["name"].ToString() is { Length: > 0 } n ? n : null;
        var showInput = ManagementQuery.Flag(http.Request, "showInput", true, out var flagError);
        if ((error ?? flagError) is { } bad)
        {
            return ApiResults.BadRequest(bad);
        }

        Page<OrchestrationMetadata>? page = null;
        try
        {
            await foreach (var first in client.GetAllInstancesAsync(query).AsPages(continuation, pageSize).WithCancellation(ct).ConfigureAwait(false))
            {
                page = first;
                break;
            }
        }
        catch (ArgumentException ex)
        {
            return ApiResults.BadRequest($"the {ContinuationHeader} header is not a token this host issued: {ex.Message}");
        }

        if (page?.ContinuationToken is { } next)
        {
            http.Response.Headers[ContinuationHeader] = next;
        }

        // The SDK's query has no name filter; a page may come back shorter than top when a name is asked for.
        var instances = page?.Values.Where(i => name is null || i.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? [];
        return Results.Json(instances.Select(i => StatusJson.From(i, showInput)).ToList());
    }

    private static async Task<IResult> RaiseEventAsync(string id, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (payload, error) = await RequestBody.ReadJsonAsync(request, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return ApiResults.BadRequest(error);
        }

        if (eventName.Equals(LoopActivityNames.ApprovalEvent, StringComparison.Ordinal) && LoopApprovals.Validate(payload) is { } approvalError)
        {
            return ApiResults.BadRequest(approvalError);
        }

        return await OnLiveAsync(id, client, ct, () => client.RaiseEventAsync(id, eventName, payload, ct)).ConfigureAwait(false);
    }

    private static async Task<IResult> RestartAsync(string id, HttpRequest request, DurableTaskClient client, HostJsonSettings hostJson, CancellationToken ct)
    {
        var newId = ManagementQuery.Flag(request, "restartWithNewInstanceId", true, out var error);
        if (error is not null)
        {
            return ApiResults.BadRequest(error);
        }

        try
        {
            var started = await client.RestartAsync(id, newId, ct).ConfigureAwait(false);
            return CheckStatusPayload.For(request, started, hostJson.HubName).Accepted();
        }
        catch (OrchestrationNotFoundException)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"instance {id} is still live; terminate it first or restart with restartWithNewInstanceId=true");
        }
    }

    private static async Task<IResult> PurgeAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (!metadata.IsCompleted)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"instance {id} is {metadata.RuntimeStatus}; terminate it before purging its history");
        }

        var deleted = await client.PurgeInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        return Results.Json(new { instancesDeleted = deleted.PurgedInstanceCount });
    }

    private static async Task<IResult> PurgeManyAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        string? error = null;
        var filter = new PurgeInstancesFilter(
            ManagementQuery.Time(request, "createdTimeFrom", ref error),
            ManagementQuery.Time(request, "createdTimeTo", ref error),
            ManagementQuery.Statuses(request, ref error));
        if (error is null && filter.CreatedFrom is null)
        {
            error = "purging by filter needs createdTimeFrom (as in Durable Functions), so a bare DELETE never wipes a task hub";
        }

        if (error is not null)
        {
            return ApiResults.BadRequest(error);
        }

        var deleted = (await client.PurgeAllInstancesAsync(filter, cancellation: ct).ConfigureAwait(false)).PurgedInstanceCount;
        return deleted == 0 ? ApiResults.NotFound("no ended instance matched") : Results.Json(new { instancesDeleted = deleted });
    }

    /// <summary>Runs an operation that only a live instance takes: 202, or 404 / 410.</summary>
    private static async Task<IResult> OnLiveAsync(string id, DurableTaskClient client, CancellationToken ct, Func<Task> operation)
    {
        var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (metadata.IsCompleted)
        {
            return ApiResults.Gone(id, metadata.RuntimeStatus.ToString());
        }

        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (OrchestrationStatusConflictException ex) when (ex.IsTerminal)
        {
            return ApiResults.Gone(id, "no longer running");
        }

        return Results.Accepted();
    }
}
