using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreAlreadyExists = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace LoopFunctions.DurableTask.Client;

public sealed partial class DurableEngineClient
{
    /// <summary>Schedules a new instance and returns its id.</summary>
    /// <remarks>
    /// <para>An id in use by a live instance (Pending, Running, Suspended) is always refused. A finished instance with the
    /// same id is replaced, unless its status is in <see cref="StartOrchestrationOptions.DedupeStatuses"/> (status names
    /// such as <c>Completed</c>), in which case the start is refused too.</para>
    /// <para><see cref="StartOrchestrationOptions.StartAt"/> in the future keeps the instance Pending until then.</para>
    /// </remarks>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is taken by an instance in a refused status.</exception>
    /// <exception cref="PayloadTooLargeException">The serialized input is over <c>MaxPayloadBytes</c>; nothing was stored.</exception>
    /// <exception cref="ArgumentException">The instance id or a dedupe status is not valid, or the id starts with <c>@</c>
    /// (entity ids).</exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name, nameof(orchestratorName));
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        InstanceIds.RefuseEntity(instanceId, "start an orchestration as");
        var refused = StatusConversions.Live.Union(options?.DedupeStatuses?.Select(StatusConversions.ParseDedupe) ?? []).ToArray();
        var serialized = Serialize(input, $"The input of orchestration '{orchestratorName.Name}'");
        var started = NewExecutionStarted(orchestratorName.Name, options?.Version?.Version, instanceId, serialized, options?.Tags);
        started.ScheduledStartTime = options?.StartAt?.UtcDateTime;
        await CreateAsync(started, refused, cancellation).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Starts a finished instance again with its original name, version, input and tags, under the same id or
    /// a new one.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">The same id was asked for and the instance is still live.</exception>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        InstanceIds.RefuseEntity(instanceId, "restart");
        var state = await GetExistingStateAsync(instanceId, cancellation).ConfigureAwait(false);
        if (!restartWithNewInstanceId && !state.OrchestrationStatus.IsTerminal())
        {
            throw new OrchestrationAlreadyExistsException(instanceId, state.OrchestrationStatus.FromCore());
        }

        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        var started = NewExecutionStarted(state.Name, state.Version, newId, state.Input, state.Tags?.AsReadOnly());
        await CreateAsync(started, StatusConversions.Live, cancellation).ConfigureAwait(false);
        return newId;
    }

    private static ExecutionStartedEvent NewExecutionStarted(string name, string? version, string instanceId, string? input, IReadOnlyDictionary<string, string>? tags)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new ExecutionStartedEvent(-1, input)
        {
            Name = name,
            Version = version ?? "",
            OrchestrationInstance = instance,
            Tags = tags is { Count: > 0 } ? new Dictionary<string, string>(tags) : null,
            ParentTraceContext = Activity.Current is { Id: { } id } activity ? new DistributedTraceContext(id, activity.TraceStateString) : null,
        };
    }

    private async Task CreateAsync(ExecutionStartedEvent started, OrchestrationStatus[] refused, CancellationToken cancellationToken)
    {
        var instanceId = started.OrchestrationInstance.InstanceId;

        // Checked here as well as by the backend: the backend's refusal does not say which status refused it, and
        // Azure Storage only refuses when told to (the builder tells it to).
        if (await GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } existing && refused.Contains(existing.OrchestrationStatus))
        {
            throw new OrchestrationAlreadyExistsException(instanceId, existing.OrchestrationStatus.FromCore());
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _client.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = started.OrchestrationInstance, Event = started }, refused).ConfigureAwait(false);
        }
        catch (CoreAlreadyExists ex)
        {
            var now = await GetStateAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
            throw new OrchestrationAlreadyExistsException(instanceId, now?.OrchestrationStatus.FromCore() ?? OrchestrationRuntimeStatus.Pending, ex);
        }

        _logger.InstanceScheduled(instanceId, started.Name);
    }
}
