using System.Diagnostics;
using LoopFunctions.Durable;
using LoopFunctions.Durable.Client;
using LoopFunctions.Host.Telemetry;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Starters;

/// <summary>Starts loop runs for every trigger (HTTP, webhooks, schedules) the same way.</summary>
internal sealed class LoopLauncher(DurableTaskClient client, TimeProvider time, ILogger<LoopLauncher> logger)
{
    /// <summary>Schedules the loop orchestration; returns the instance id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is taken by an instance with a dedupe status.</exception>
    /// <exception cref="ArgumentException">The instance id is not valid.</exception>
    public async Task<string> StartAsync(LoopDefinition loop, LoopStart start, CancellationToken cancellationToken)
    {
        using var activity = LoopTelemetry.Source.StartActivity("loop.start", ActivityKind.Producer);
        var instanceId = start.InstanceId ?? LoopRunRequest.NewInstanceId(loop.Name, time.GetUtcNow());
        activity?.SetTag("loop.name", loop.Name);
        activity?.SetTag("loop.instance_id", instanceId);
        activity?.SetTag("loop.triggered_by", start.TriggeredBy);
        var request = new LoopRunRequest(loop.Name, loop.SourcePath, start.Repository, start.TriggeredBy, start.UntrustedContext, start.Input, start.PullRequest);
        await client.ScheduleNewOrchestrationInstanceAsync(
            LoopActivityNames.Orchestrator, request, new StartOrchestrationOptions(instanceId, DedupeStatuses: start.DedupeStatuses), cancellationToken).ConfigureAwait(false);
        LoopTelemetry.LoopsStarted.Add(1, new KeyValuePair<string, object?>("loop", loop.Name), new KeyValuePair<string, object?>("trigger", start.TriggeredBy));
        logger.LoopStarted(loop.Name, instanceId, start.TriggeredBy);
        return instanceId;
    }
}
