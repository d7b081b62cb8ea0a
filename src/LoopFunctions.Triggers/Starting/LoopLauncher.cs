using System.Diagnostics;
using DurableTask.Core.Exceptions;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Starting;

/// <summary>Starts loop runs for every trigger (HTTP, webhooks, schedules) the same way, on any
/// <see cref="DurableTaskClient"/>: the self-hosted engine's or the Azure Functions binding's.</summary>
public sealed class LoopLauncher(DurableTaskClient client, TimeProvider time, ILogger<LoopLauncher> logger)
{
    /// <summary>The id a start gets: its own (explicit or deterministic), else <see cref="LoopRunRequest.NewInstanceId"/>.</summary>
    public string InstanceIdFor(LoopDefinition loop, LoopStart start)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(start);
        return start.InstanceId ?? LoopRunRequest.NewInstanceId(loop.Name, time.GetUtcNow());
    }

    /// <summary>Schedules the loop orchestration; returns the instance id.</summary>
    /// <remarks>The start is stored before this returns, so a caller may acknowledge it (202) and a crash after that
    /// loses nothing. With deterministic ids and <see cref="LoopStart.DedupeStatuses"/>, the store itself refuses a
    /// second start, whichever host or delivery tries it.</remarks>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is taken by an instance with a dedupe status.</exception>
    /// <exception cref="ArgumentException">The instance id is not valid.</exception>
    public async Task<string> StartAsync(LoopDefinition loop, LoopStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(start);
        using var activity = TriggerTelemetry.Source.StartActivity("loop.start", ActivityKind.Producer);
        var instanceId = InstanceIdFor(loop, start);
        activity?.SetTag("loop.name", loop.Name);
        activity?.SetTag("loop.instance_id", instanceId);
        activity?.SetTag("loop.triggered_by", start.TriggeredBy);
        var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses([.. start.DedupeStatuses ?? LoopStart.LiveStatuses]);
        object input = start.StoredInput is { } stored ? stored : start.ToRunInput(loop);
        await client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, input, options, cancellationToken).ConfigureAwait(false);
        TriggerTelemetry.LoopsStarted.Add(1, new KeyValuePair<string, object?>("loop", loop.Name), new KeyValuePair<string, object?>("trigger", start.TriggeredBy));
        logger.LoopStarted(loop.Name, instanceId, start.TriggeredBy);
        return instanceId;
    }
}
