using System.Net;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Management;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Starting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Starters;

/// <summary>HTTP starters: <c>POST /api/loops/{loop}</c> and the Durable Functions route
/// <c>POST .../orchestrators/{functionName}/{instanceId?}</c> (mapped with the management API; <c>LoopOrchestrator</c>
/// or a loop's name). Both answer 202 with the
/// check-status payload, or, given <c>timeout</c> (seconds), wait that long and answer the finished run; the decisions
/// (which loop, a valid file, a free id) are <see cref="HttpLoopStarter"/>'s, shared with the Azure Functions app.</summary>
internal static class StarterEndpoints
{
    public static void MapStarters(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/loops/{loop}", StartAsync).AddEndpointFilter<Auth.FunctionKeyFilter>();
        app.MapGet("/api/loops", (LoopFolder loops) =>
            {
                var current = loops.Current;
                return Results.Json(new
                {
                    loops = current.Loops.Values.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => new
                    {
                        name = l.Name,
                        triggers = l.Triggers.Select(t => EnumText.Of(t.Kind)).ToList(),
                        repository = l.Repository,
                        maxIterations = l.Limits.MaxIterations,
                    }),
                    errors = current.Errors.Select(e => e.ToString()),
                });
            })
            .AddEndpointFilter<Auth.FunctionKeyFilter>();
    }

    public static async Task<IResult> StartAsync(string loop, string? instanceId, string? repo, HttpContext http, HttpLoopStarter starter, HostJsonSettings hostJson, DurableTaskClient client, LoopHostOptions options, CancellationToken ct)
    {
        var body = await RequestBody.ReadBytesAsync(http.Request, ct).ConfigureAwait(false);
        var result = await starter.StartAsync(loop, instanceId, repo, IsLocal(http), body, ct).ConfigureAwait(false);
        return result.Error is { } error
            ? ApiResults.From(error)
            : await AnswerStartAsync(http, client, CheckStatusPayload.For(http.Request, result.InstanceId!, hostJson.HubName, ManagementEndpoints.BasePath(http)), options, ct).ConfigureAwait(false);
    }

    /// <summary>Durable Functions' start route, <c>POST .../orchestrators/{functionName}[/{instanceId}]</c>: for
    /// <c>LoopOrchestrator</c> (the name every loop run's status reports) the body is the orchestration's input,
    /// <c>{"loop": "&lt;name&gt;", "input": ...}</c>, stored as sent, as the Functions app's extension does; any other
    /// name is a loop's, started with the body as its caller's input (as <c>/api/loops/{loop}</c>).</summary>
    public static async Task<IResult> StartOrchestratorAsync(string functionName, string? instanceId, string? repo, HttpContext http, HttpLoopStarter starter, HostJsonSettings hostJson, DurableTaskClient client, LoopHostOptions options, CancellationToken ct)
    {
        if (!functionName.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
        {
            return await StartAsync(functionName, instanceId, repo, http, starter, hostJson, client, options, ct).ConfigureAwait(false);
        }

        var body = await RequestBody.ReadBytesAsync(http.Request, ct).ConfigureAwait(false);
        var result = await starter.StartOrchestrationAsync(instanceId, IsLocal(http), body, ct).ConfigureAwait(false);
        return result.Error is { } error
            ? ApiResults.From(error)
            : await AnswerStartAsync(http, client, CheckStatusPayload.For(http.Request, result.InstanceId!, hostJson.HubName, ManagementEndpoints.BasePath(http)), options, ct).ConfigureAwait(false);
    }

    /// <summary>Durable Functions' answer to a start (or restart): without <c>timeout</c>, 202 with the payload. With
    /// <c>timeout</c> (seconds; the <c>createAndWaitOnNewInstancePostUri</c> shape), it waits up to that long: 200 with
    /// the output when the instance completed, the status answer (200) when it failed or was terminated, else the 202.</summary>
    /// <remarks>The wait is woken by the store's commit (SQLite) or polls the status with a back-off (Azure Storage), so
    /// <c>pollingInterval</c> is accepted and not needed, as with Durable Functions' poll-free providers.</remarks>
    public static async Task<IResult> AnswerStartAsync(HttpContext http, DurableTaskClient client, CheckStatusPayload payload, LoopHostOptions options, CancellationToken ct)
    {
        if (ManagementQuery.Seconds(http.Request, "timeout") is not { } timeout)
        {
            return payload.Accepted(http.Response);
        }

        OrchestrationMetadata? metadata;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            deadline.CancelAfter(timeout);
            try
            {
                metadata = await client.WaitForInstanceCompletionAsync(payload.Id, getInputsAndOutputs: true, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                metadata = await client.GetInstanceAsync(payload.Id, getInputsAndOutputs: true, ct).ConfigureAwait(false);
            }
        }

        if (metadata is { RuntimeStatus: OrchestrationRuntimeStatus.Completed })
        {
            return Results.Json(StatusJson.Parse(metadata.SerializedOutput));
        }

        return metadata is not null && ManagementEndpoints.HasEnded(metadata)
            ? await ManagementEndpoints.StatusAsync(http, payload.Id, client, options, serverErrorOnFailure: false, ct).ConfigureAwait(false)
            : payload.Accepted(http.Response);
    }

    /// <summary>A caller on this machine, which a local repository override needs when no allowed roots are set;
    /// counted as the client-library endpoint counts one: both ends on loopback and no forwarding header (a reverse
    /// proxy on this machine makes every caller look local otherwise).</summary>
    private static bool IsLocal(HttpContext http) => Auth.LoopbackOnlyFilter.Check(http) is null;
}
