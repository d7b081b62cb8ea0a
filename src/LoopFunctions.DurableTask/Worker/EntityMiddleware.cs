using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Entities.OperationFormat;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Middleware;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// Carries each entity's state from one batch to the next within an extended session. DTFx's entity dispatcher
/// passes the stored state only with a session's first batch (<see cref="WorkItemMetadata.IncludeState"/>) and
/// expects the middleware to remember the state after that; without this, the second batch of a session would start
/// from no state.
/// </summary>
/// <remarks>A remembered state that is missing (evicted, or never seen by this process) abandons the work item with
/// <see cref="SessionAbortedException"/>: its messages come back in a fresh session that starts from the stored state,
/// so eviction costs a redelivery, never a wrong state.</remarks>
internal sealed class EntityMiddleware(ILogger logger)
{
    /// <summary>How long a remembered state outlives its last batch. Far longer than any session's idle timeout in
    /// practice; a longer session only pays a redelivery.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Remembered> _states = new(StringComparer.Ordinal);
    private long _nextSweep;

    public async Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.GetProperty<EntityBatchRequest>();
        var metadata = context.GetProperty<WorkItemMetadata>();
        if (request?.InstanceId is not { } instanceId)
        {
            await next().ConfigureAwait(false);
            return;
        }

        if (metadata is { IncludeState: false })
        {
            if (!_states.TryGetValue(instanceId, out var remembered))
            {
                logger.EntityStateNotRemembered(instanceId);
                throw new SessionAbortedException($"Entity '{instanceId}': the state of its session's previous batch is not in memory; the work item runs again from the stored state.");
            }

            request.EntityState = remembered.State;
        }

        await next().ConfigureAwait(false);
        if (metadata is { IsExtendedSession: true } && context.GetProperty<EntityBatchResult>() is { } result)
        {
            _states[instanceId] = new Remembered(result.EntityState, Environment.TickCount64);
        }
        else
        {
            _states.TryRemove(instanceId, out _);
        }

        Sweep();
    }

    private void Sweep()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + (long)TimeSpan.FromMinutes(1).TotalMilliseconds, due) != due)
        {
            return;
        }

        foreach (var (id, remembered) in _states)
        {
            if (now - remembered.At > Retention.TotalMilliseconds)
            {
                _states.TryRemove(new KeyValuePair<string, Remembered>(id, remembered));
            }
        }
    }

    private sealed record Remembered(string? State, long At);
}
