using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using IQueryClient = DurableTask.Core.Query.IOrchestrationServiceQueryClient;

namespace LoopFunctions.DurableTask.Client;

public sealed partial class DurableEngineClient
{
    /// <summary>How long one backend wait may block before the client looks again; keeps every wait bounded even
    /// when the caller's token never fires (the SDK passes <see cref="TimeSpan.MaxValue"/>, which timers refuse).</summary>
    private static readonly TimeSpan BackendWaitSlice = TimeSpan.FromMinutes(1);

    /// <summary>The instance's latest execution, or <see langword="null"/> when there is no such instance.</summary>
    /// <remarks>The custom status is always filled; input and output only when <paramref name="getInputsAndOutputs"/>.</remarks>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await GetStateAsync(instanceId, cancellation).ConfigureAwait(false) is { } state
            ? ToMetadata(await WithFailureDetailsAsync(state).ConfigureAwait(false), getInputsAndOutputs)
            : null;

    /// <summary>Every instance matching <paramref name="filter"/>, page by page (the backend's continuation tokens).</summary>
    /// <remarks>Entities (ids starting with <c>@</c>) are left out unless <see cref="OrchestrationQuery.InstanceIdPrefix"/>
    /// itself starts with <c>@</c>, so a page can hold fewer than the page size while more follow; read entities
    /// through <see cref="Entities"/>.</remarks>
    /// <exception cref="NotSupportedException">The backend cannot query instances.</exception>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var queries = Capability<IQueryClient>("query instances");
        var entities = InstanceIds.IsEntity(filter?.InstanceIdPrefix);
        return Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            await ReadyAsync(cancellation).ConfigureAwait(false);
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => s.ToCore()).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                TaskHubNames = filter?.TaskHubNames?.ToList(),
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
                ExcludeEntities = !entities,
            };
            var result = await queries.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);

            // Filtered here as well: not every backend honours ExcludeEntities.
            var page = result.OrchestrationState
                .Where(s => s is not null && (entities || !InstanceIds.IsEntity(s.OrchestrationInstance?.InstanceId)))
                .Select(s => ToMetadata(s, query.FetchInputsAndOutputs))
                .ToList();
            return new Page<OrchestrationMetadata>(page, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    /// <summary>One page of ids of instances (never entities) with the given statuses that completed in the given range.</summary>
    /// <remarks>The backend pages by creation; the completed-time range is applied to each page, so a page can hold
    /// fewer than <paramref name="pageSize"/> ids while <see cref="Page{T}.ContinuationToken"/> still says there is more.</remarks>
    public override async Task<Page<string>> ListInstanceIdsAsync(
        IEnumerable<OrchestrationRuntimeStatus>? runtimeStatus = null,
        DateTimeOffset? completedTimeFrom = null,
        DateTimeOffset? completedTimeTo = null,
        int pageSize = 100,
        string? lastInstanceKey = null,
        CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var queries = Capability<IQueryClient>("query instances");
        await ReadyAsync(cancellation).ConfigureAwait(false);
        var result = await queries.GetOrchestrationWithQueryAsync(
            new CoreQuery
            {
                RuntimeStatus = runtimeStatus?.Select(s => s.ToCore()).ToList(),
                PageSize = pageSize,
                ContinuationToken = lastInstanceKey,
                FetchInputsAndOutputs = false,
                ExcludeEntities = true,
            },
            cancellation).ConfigureAwait(false);
        var from = completedTimeFrom ?? DateTimeOffset.MinValue;
        var to = completedTimeTo ?? DateTimeOffset.MaxValue;
        var ranged = completedTimeFrom is not null || completedTimeTo is not null;
        var ids = result.OrchestrationState
            .Where(s => s is not null && !InstanceIds.IsEntity(s.OrchestrationInstance?.InstanceId) && (!ranged || (s.OrchestrationStatus.IsTerminal() && s.CompletedTime.ToUtcOffset() >= from && s.CompletedTime.ToUtcOffset() <= to)))
            .Select(s => s.OrchestrationInstance.InstanceId)
            .ToList();
        return new Page<string>(ids, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
    }

    /// <summary>Waits until the instance has left Pending (or already finished).</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = await PollAsync(instanceId, s => s.OrchestrationStatus != OrchestrationStatus.Pending, cancellation).ConfigureAwait(false);
        return ToMetadata(state, getInputsAndOutputs);
    }

    /// <summary>Waits until the instance is Completed, Failed or Terminated.</summary>
    /// <remarks>On SQLite the backend wakes the wait when the instance's final state is committed; on Azure Storage the
    /// client polls the status with a back-off from 10 ms to <c>MaxStatusPollingInterval</c> (the backend's own wait is
    /// a fixed 2 s poll).</remarks>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = _client is SqliteOrchestrationService
            ? await WaitWithBackendAsync(instanceId, cancellation).ConfigureAwait(false)
            : await PollAsync(instanceId, s => s.OrchestrationStatus.IsTerminal(), cancellation).ConfigureAwait(false);
        return ToMetadata(await WithFailureDetailsAsync(state).ConfigureAwait(false), getInputsAndOutputs);
    }

    private async Task<OrchestrationState> PollAsync(string instanceId, Func<OrchestrationState, bool> done, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var state = await GetExistingStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (done(state))
            {
                return state;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxStatusPollingInterval.Ticks));
        }
    }

    private async Task<OrchestrationState> WaitWithBackendAsync(string instanceId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var state = await GetExistingStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (state.OrchestrationStatus.IsTerminal())
            {
                return state;
            }

            try
            {
                var waited = await _client.WaitForOrchestrationAsync(instanceId, null, BackendWaitSlice, cancellationToken).ConfigureAwait(false);
                if (waited is not null && waited.OrchestrationStatus.IsTerminal())
                {
                    return waited;
                }
            }
            catch (TimeoutException)
            {
                // The slice passed; look again.
                continue;
            }

            // The wait returned without a final state; never spin on a backend that answers at once.
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxStatusPollingInterval.Ticks));
        }
    }
}
