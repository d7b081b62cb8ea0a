using System.Runtime.CompilerServices;
using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.Client;

/// <summary>
/// Starts and manages orchestration instances; the same operations as Durable Functions' <c>DurableTaskClient</c>.
/// Works against the store directly, so it needs no running worker in the same process.
/// </summary>
public sealed class DurableTaskClient(IDurableStore store, IOptions<DurableTaskOptions> options, DataConverter? converter = null, TimeProvider? timeProvider = null)
{
    private readonly DataConverter _converter = converter ?? JsonDataConverter.Default;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly int _maxPayloadBytes = options?.Value.MaxPayloadBytes ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Schedules a new instance and returns its id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The explicit id belongs to a live instance.</exception>
    /// <exception cref="PayloadTooLargeException">The input is over the payload limit.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        var serialized = Serialize(input, "The orchestration input");
        var now = _time.GetUtcNow().UtcDateTime;
        var startAt = options?.StartAt?.UtcDateTime;
        var started = new ExecutionStartedEvent(now, orchestratorName, serialized, null, startAt);
        var message = new TaskMessage(instanceId, null, started, startAt is { } at && at > now ? at : null);
        await store.CreateInstanceAsync(message, options?.DedupeStatuses ?? OrchestrationRuntimeStatusExtensions.LiveStatuses, cancellationToken).ConfigureAwait(false);
        return instanceId;
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var metadata = await store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : metadata with { Converter = _converter };
    }

    /// <summary>Waits until the instance has started (or already finished).</summary>
    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, s => s is not OrchestrationRuntimeStatus.Pending, cancellationToken);

    /// <summary>Waits until the instance is completed, failed or terminated.</summary>
    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, s => s.IsTerminal(), cancellationToken);

    /// <summary>Raises an event; it is buffered until the orchestration waits for it.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendToLiveAsync(instanceId, "raise an event on", now => new EventRaisedEvent(now, eventName, Serialize(eventPayload, $"The payload of event '{eventName}'")), cancellationToken);
    }

    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendToLiveAsync(instanceId, "terminate", now => new ExecutionTerminatedEvent(now, reason), cancellationToken);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendToLiveAsync(instanceId, "suspend", now => new ExecutionSuspendedEvent(now, reason), cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendToLiveAsync(instanceId, "resume", now => new ExecutionResumedEvent(now, reason), cancellationToken);

    /// <summary>Starts the instance again from its original input, under the same id or a new one.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">It is still live and the same id was asked for.</exception>
    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellationToken = default)
    {
        var existing = await store.GetInstanceAsync(instanceId, fetchPayloads: true, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId);
        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        var started = new ExecutionStartedEvent(_time.GetUtcNow().UtcDateTime, existing.Name, existing.SerializedInput);
        await store.CreateInstanceAsync(new TaskMessage(newId, null, started), OrchestrationRuntimeStatusExtensions.LiveStatuses, cancellationToken).ConfigureAwait(false);
        return newId;
    }

    /// <summary>Deletes a terminal instance and its history; false when there was nothing to purge.</summary>
    /// <exception cref="OrchestrationNotRunningException">Never; a live instance is reported by returning false.</exception>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        await store.PurgeInstancesAsync(new PurgeInstancesFilter { InstanceId = instanceId }, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Deletes every terminal instance matching the filter; returns how many.</summary>
    public Task<int> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default) =>
        store.PurgeInstancesAsync(filter, cancellationToken);

    /// <summary>One page of instances.</summary>
    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        var page = await store.QueryInstancesAsync(query, cancellationToken).ConfigureAwait(false);
        return page with { Instances = page.Instances.Select(i => i with { Converter = _converter }).ToList() };
    }

    /// <summary>Every instance matching the query, page by page.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        do
        {
            var page = await QueryInstancesAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var instance in page.Instances)
            {
                yield return instance;
            }

            query = page.ContinuationToken is null ? null : query with { ContinuationToken = page.ContinuationToken };
        }
        while (query is not null);
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        store.GetHistoryAsync(instanceId, cancellationToken);

    private async Task SendToLiveAsync(string instanceId, string operation, Func<DateTime, HistoryEvent> create, CancellationToken cancellationToken)
    {
        var existing = await store.GetInstanceAsync(instanceId, fetchPayloads: false, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId);
        if (existing.RuntimeStatus.IsTerminal())
        {
            throw new OrchestrationNotRunningException(instanceId, existing.RuntimeStatus, operation);
        }

        await store.SendMessageAsync(new TaskMessage(instanceId, null, create(_time.GetUtcNow().UtcDateTime)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId);
            if (done(metadata.RuntimeStatus))
            {
                return metadata;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    private string? Serialize(object? value, string what)
    {
        var json = _converter.Serialize(value);
        if (json is not null && System.Text.Encoding.UTF8.GetByteCount(json) is var size && size > _maxPayloadBytes)
        {
            throw new PayloadTooLargeException(what, size, _maxPayloadBytes);
        }

        return json;
    }
}
