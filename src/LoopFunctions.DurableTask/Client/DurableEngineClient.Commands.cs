using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask.Client;
using CorePurgeFilter = DurableTask.Core.PurgeInstanceFilter;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace LoopFunctions.DurableTask.Client;

public sealed partial class DurableEngineClient
{
    /// <summary>Raises an event; the orchestration buffers it until it waits for that name (case-insensitive).</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStatusConflictException">The instance has finished.</exception>
    /// <exception cref="PayloadTooLargeException">The serialized payload is over the limit; nothing was sent.</exception>
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var payload = Serialize(eventPayload, $"The payload of event '{eventName}'");
        await RequireLiveAsync(instanceId, "raise an event on", cancellation).ConfigureAwait(false);
        await SendAsync(instanceId, new EventRaisedEvent(-1, payload) { Name = eventName }).ConfigureAwait(false);
    }

    /// <summary>Terminates a live instance (Pending, Running or Suspended); <see cref="TerminateInstanceOptions.Output"/>
    /// becomes its output. <see cref="TerminateInstanceOptions.Recursive"/> then terminates its live sub-orchestrations.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStatusConflictException">The instance has finished.</exception>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var reason = Serialize(options?.Output, "The termination output");
        await RequireLiveAsync(instanceId, "terminate", cancellation).ConfigureAwait(false);
        var children = options?.Recursive == true ? await ChildrenAsync(instanceId, cancellation).ConfigureAwait(false) : [];

        // The parent first: a child ended before it would answer the parent with a failure, which the parent could
        // run before its own termination and end Failed instead of Terminated.
        await _client.ForceTerminateTaskOrchestrationAsync(instanceId, reason).ConfigureAwait(false);
        foreach (var child in children)
        {
            if (await GetStateAsync(child, cancellation).ConfigureAwait(false) is { } state && !state.OrchestrationStatus.IsTerminal())
            {
                await TerminateInstanceAsync(child, options, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Suspends a live instance: it keeps receiving events and runs none of them until resumed.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStatusConflictException">The instance has finished.</exception>
    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await RequireLiveAsync(instanceId, "suspend", cancellation).ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason)).ConfigureAwait(false);
    }

    /// <summary>Resumes a suspended instance; the events it held run in order.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStatusConflictException">The instance has finished.</exception>
    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await RequireLiveAsync(instanceId, "resume", cancellation).ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionResumedEvent(-1, reason)).ConfigureAwait(false);
    }

    /// <summary>Runs a Failed instance again from its failed activities and sub-orchestrations, keeping everything that
    /// succeeded.</summary>
    /// <remarks>A backend with its own rewind (<see cref="IOrchestrationRewinder"/>: Azure Storage's history rewrite,
    /// the path Durable Functions uses on it) rewinds with it; other backends get DTFx 3's
    /// <see cref="ExecutionRewoundEvent"/>.</remarks>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStatusConflictException">The instance is not Failed.</exception>
    public override async Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default)
    {
        InstanceIds.RefuseEntity(instanceId, "rewind");
        var state = await GetExistingStateAsync(instanceId, cancellation).ConfigureAwait(false);
        if (state.OrchestrationStatus != OrchestrationStatus.Failed)
        {
            throw new OrchestrationStatusConflictException(instanceId, state.OrchestrationStatus.FromCore(), "rewind", "only a Failed instance can be rewound");
        }

        if (_rewinder is not null)
        {
            await _rewinder.RewindAsync(instanceId, reason).ConfigureAwait(false);
            return;
        }

        await SendAsync(instanceId, RewindEvent(reason)).ConfigureAwait(false);
    }

    /// <summary>The message that asks DTFx 3's dispatcher to rewind a failed instance.</summary>
    internal static ExecutionRewoundEvent RewindEvent(string? reason)
    {
        // DTFx resets the trace context of the rewound execution and throws when there is none to reset: give it one.
        var trace = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
        return new ExecutionRewoundEvent(-1, reason) { ParentTraceContext = new DistributedTraceContext(trace) };
    }

    /// <summary>Deletes a finished instance and its history; an unknown id purges nothing.
    /// <see cref="PurgeInstanceOptions.Recursive"/> purges its sub-orchestrations too.</summary>
    /// <exception cref="OrchestrationStatusConflictException">The instance is live.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        InstanceIds.RefuseEntity(instanceId, "purge");
        var purger = Capability<IOrchestrationServicePurgeClient>("purge instances");
        if (await GetStateAsync(instanceId, cancellation).ConfigureAwait(false) is not { } state)
        {
            return new PurgeResult(0);
        }

        if (!state.OrchestrationStatus.IsTerminal())
        {
            throw new OrchestrationStatusConflictException(instanceId, state.OrchestrationStatus.FromCore(), "purge", "only a finished instance can be purged");
        }

        var purged = 0;
        if (options?.Recursive == true)
        {
            foreach (var child in await ChildrenAsync(instanceId, cancellation).ConfigureAwait(false))
            {
                if (await GetStateAsync(child, cancellation).ConfigureAwait(false) is { } childState && childState.OrchestrationStatus.IsTerminal())
                {
                    purged += (await PurgeInstanceAsync(child, options, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
                }
            }
        }

        var result = await purger.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(purged + result.DeletedInstanceCount, result.IsComplete);
    }

    /// <summary>Deletes every finished instance matching the filter. Without statuses, every finished status
    /// (Completed, Failed, Terminated) is meant; a live status in the filter is refused.</summary>
    /// <exception cref="ArgumentException">The filter names a live status.</exception>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var purger = Capability<IOrchestrationServicePurgeClient>("purge instances");
        var statuses = filter.Statuses?.Select(s => s.ToCore()).ToList() is { Count: > 0 } given ? given : [.. StatusConversions.Terminal];
        if (statuses.Where(s => !s.IsTerminal()).ToList() is [var live, ..])
        {
            throw new ArgumentException($"Only finished instances can be purged; the filter names {live.FromCore()}.", nameof(filter));
        }

        await ReadyAsync(cancellation).ConfigureAwait(false);
        var core = new CorePurgeFilter(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime, statuses) { Timeout = filter.Timeout };
        var result = await purger.PurgeInstanceStateAsync(core).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    private async Task RequireLiveAsync(string instanceId, string operation, CancellationToken cancellationToken)
    {
        InstanceIds.RefuseEntity(instanceId, operation);
        var state = await GetExistingStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (state.OrchestrationStatus.IsTerminal())
        {
            throw new OrchestrationStatusConflictException(instanceId, state.OrchestrationStatus.FromCore(), operation, "the instance has finished");
        }
    }

    private Task SendAsync(string instanceId, HistoryEvent message) =>
        _client.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = message });

    private async Task<IReadOnlyList<string>> ChildrenAsync(string instanceId, CancellationToken cancellationToken) =>
        (await GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false))
            .OfType<SubOrchestrationInstanceCreatedEvent>()
            .Select(e => e.InstanceId)
            .Where(id => !string.IsNullOrEmpty(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
