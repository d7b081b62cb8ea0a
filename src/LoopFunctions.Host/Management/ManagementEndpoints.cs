using LoopFunctions.DurableTask;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Starters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions HTTP API (<c>orchestrators/...</c> and <c>instances/...</c>) under a base path, with
/// its status codes: 202 + <c>Retry-After</c> while an instance is live, 200 when it ended, 404 unknown, 410 for an
/// operation on an instance that already ended, 400 for a bad request. docs/http-api.md records every exchange.</summary>
internal static partial class ManagementEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Maps the API under <paramref name="basePath"/>; <typeparamref name="TAuth"/> runs first on every route.</summary>
    public static void MapDurableApi<TAuth>(this IEndpointRouteBuilder app, string basePath)
        where TAuth : IEndpointFilter
    {
        var api = app.MapGroup(basePath).AddEndpointFilter<TAuth>().AddEndpointFilter<TaskHubFilter>().WithMetadata(new DurableApiBase(basePath));
        api.MapPost("/orchestrators/{functionName}/{instanceId?}", StarterEndpoints.StartOrchestratorAsync);
        var instances = api.MapGroup("/instances");
        instances.MapGet("/{id}", GetAsync);
        instances.MapGet("/", QueryAsync).WithMetadata(new DurableApiBase(basePath, ReadsOtherTaskHubs: true));
        instances.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync);
        instances.MapPost("/{id}/terminate", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            OnLiveAsync(id, client, ct, () => client.TerminateInstanceAsync(id, reason, ct)));
        instances.MapPost("/{id}/suspend", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            OnLiveAsync(id, client, ct, () => client.SuspendInstanceAsync(id, reason, ct)));
        instances.MapPost("/{id}/resume", (string id, string? reason, DurableTaskClient client, CancellationToken ct) =>
            OnLiveAsync(id, client, ct, () => client.ResumeInstanceAsync(id, reason, ct)));
        instances.MapPost("/{id}/rewind", RewindAsync);
        instances.MapPost("/{id}/restart", RestartAsync);
        instances.MapDelete("/{id}", PurgeAsync);
        instances.MapDelete("/", PurgeManyAsync);
        MapEntities(api);
    }

    /// <summary>The base path the matched route was mapped under.</summary>
    public static string BasePath(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<DurableApiBase>()?.Path ?? CheckStatusPayload.BasePath;

    /// <summary>Ended for good: the statuses Durable Functions answers 410 for (Canceled included).</summary>
    public static bool HasEnded(OrchestrationMetadata metadata) => metadata.RuntimeStatus is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
#pragma warning disable CS0618 // Canceled is obsolete in the SDK but still a status Durable Functions names.
        or OrchestrationRuntimeStatus.Canceled;
#pragma warning restore CS0618

    private static Task<IResult> GetAsync(string id, HttpContext http, DurableTaskClient client, LoopHostOptions options, CancellationToken ct) =>
        StatusAsync(http, id, client, options, ManagementQuery.Flag(http.Request, "returnInternalServerErrorOnFailure", false), ct);

    /// <summary>The status answer: 202 + <c>Location</c> + <c>Retry-After</c> while live, 200 when ended (500 for Failed
    /// with <paramref name="serverErrorOnFailure"/>), 404 unknown. <c>showHistory</c>, <c>showHistoryOutput</c> and
    /// <c>showInput</c> are read from the request.</summary>
    public static async Task<IResult> StatusAsync(HttpContext http, string id, DurableTaskClient client, LoopHostOptions options, bool serverErrorOnFailure, CancellationToken ct)
    {
        var request = http.Request;
        var showHistory = ManagementQuery.Flag(request, "showHistory", false);
        var showHistoryOutput = ManagementQuery.Flag(request, "showHistoryOutput", false);
        var showInput = ManagementQuery.Flag(request, "showInput", true);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        // As in Durable Functions, a Pending instance has no history to show yet.
        var history = showHistory && metadata.RuntimeStatus != OrchestrationRuntimeStatus.Pending
            ? await client.GetOrchestrationHistoryAsync(id, ct).ConfigureAwait(false)
            : null;
        var body = StatusJson.From(metadata, showInput, history, showHistoryOutput);
        if (!HasEnded(metadata))
        {
            http.Response.Headers.Location = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
            http.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
        }

        var code = serverErrorOnFailure && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        return Results.Json(body, statusCode: code);
    }

    private static async Task<IResult> QueryAsync(HttpContext http, DurableTaskClient client, HostJsonSettings hostJson, CancellationToken ct)
    {
        var request = http.Request;
        var pageSize = ManagementQuery.Top(request);
        var otherHub = TaskHubFilter.OtherHub(request, hostJson);
        var query = new OrchestrationQuery(
            CreatedFrom: ManagementQuery.Time(request, "createdTimeFrom"),
            CreatedTo: ManagementQuery.Time(request, "createdTimeTo"),
            Statuses: ManagementQuery.Statuses(request),
            TaskHubNames: otherHub is null ? null : [otherHub],
            InstanceIdPrefix: request.Query["instanceIdPrefix"].ToString() is { Length: > 0 } prefix ? prefix : null,
            PageSize: pageSize,
            FetchInputsAndOutputs: true);
        var name = request.Query["name"].ToString() is { Length: > 0 } n ? n : null;
        var loop = request.Query["loop"].ToString() is { Length: > 0 } l ? l : null;
        var showInput = ManagementQuery.Flag(request, "showInput", true);

        var (page, error) = await FirstPageAsync(http, () => client.GetAllInstancesAsync(query), pageSize, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        // The SDK's query has no name filter; a page may come back shorter than top when a name or a loop is asked for.
        var instances = page?.Values.Where(i => (name is null || i.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            && (loop is null || string.Equals(StatusJson.LoopName(i), loop, StringComparison.OrdinalIgnoreCase))) ?? [];
        return Results.Json(instances.Select(i => StatusJson.From(i, showInput)).ToList());
    }

    /// <summary>Runs an operation that only a live instance takes: 202, or 404 / 410.</summary>
    private static async Task<IResult> OnLiveAsync(string id, DurableTaskClient client, CancellationToken ct, Func<Task> operation)
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
