using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.InMemory;

/// <summary>
/// A provider that keeps everything in process memory: for tests and experiments. It keeps every semantic of the
/// contract except durability.
/// </summary>
public sealed partial class InMemoryDurableStore(TimeProvider? timeProvider = null) : IDurableStore, IWorkNotifier
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, InstanceRow> _instances = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, ActivityRow> _activities = [];
    private readonly WorkSignal _signal = new();
    private long _sequence;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CreateInstanceAsync(TaskMessage executionStarted, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionStarted);
        lock (_lock)
        {
            if (_instances.TryGetValue(executionStarted.InstanceId, out var existing) && dedupeStatuses.Contains(existing.Status))
            {
                throw new OrchestrationAlreadyExistsException(executionStarted.InstanceId, existing.Status);
            }

            CreateOrReplace(executionStarted);
        }

        _signal.Signal(WorkKind.Orchestration);
        return Task.CompletedTask;
    }

    public Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            if (!_instances.TryGetValue(message.InstanceId, out var row))
            {
                throw new OrchestrationNotFoundException(message.InstanceId);
            }

            Enqueue(row, message);
        }

        _signal.Signal(WorkKind.Orchestration);
        return Task.CompletedTask;
    }

    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool fetchPayloads, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var row) ? row.ToMetadata(fetchPayloads) : null);
        }
    }

    public Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = query.ContinuationToken is { } token ? ContinuationToken.Decode(token) : ((DateTime, string)?)null;
        lock (_lock)
        {
            var matches = _instances.Values
                .Where(r => query.Statuses is not { Count: > 0 } || query.Statuses.Contains(r.Status))
                .Where(r => query.Name is null || string.Equals(r.Name, query.Name, StringComparison.OrdinalIgnoreCase))
                .Where(r => query.CreatedFrom is null || r.CreatedAt >= query.CreatedFrom)
                .Where(r => query.CreatedTo is null || r.CreatedAt <= query.CreatedTo)
                .Where(r => query.InstanceIdPrefix is null || r.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .Where(r => after is not { } a || r.CreatedAt > a.Item1 || (r.CreatedAt == a.Item1 && string.CompareOrdinal(r.InstanceId, a.Item2) > 0))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.InstanceId, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            var page = matches.Take(query.PageSize).Select(r => r.ToMetadata(query.FetchPayloads)).ToList();
            var next = matches.Count > query.PageSize ? ContinuationToken.Encode(page[^1].CreatedAt, page[^1].InstanceId) : null;
            return Task.FromResult(new OrchestrationQueryResult(page, next));
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var row) ? [.. row.History] : [];
            return Task.FromResult(history);
        }
    }

    public Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_lock)
        {
            var victims = _instances.Values.Where(r => r.Status.IsTerminal() && Matches(filter, r)).ToList();
            foreach (var row in victims)
            {
                _instances.Remove(row.InstanceId);
                foreach (var seq in _activities.Where(a => a.Value.Message.InstanceId == row.InstanceId).Select(a => a.Key).ToList())
                {
                    _activities.Remove(seq);
                }
            }

            return Task.FromResult(victims.Count);
        }
    }

    private static bool Matches(PurgeInstancesFilter filter, InstanceRow row) =>
        filter.InstanceId is not null
            ? row.InstanceId == filter.InstanceId
            : (filter.Statuses is not { Count: > 0 } || filter.Statuses.Contains(row.Status))
              && (filter.CreatedFrom is null || row.CreatedAt >= filter.CreatedFrom)
              && (filter.CreatedTo is null || row.CreatedAt <= filter.CreatedTo);

    public Task WaitForWorkAsync(WorkKind kind, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _signal.WaitAsync(kind, maxWait, cancellationToken);

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>Creates the row and its first message; the caller holds the lock.</summary>
    private void CreateOrReplace(TaskMessage message)
    {
        var started = (ExecutionStartedEvent)message.Event;
        var executionId = message.ExecutionId ?? Guid.NewGuid().ToString("N");
        var row = new InstanceRow(message.InstanceId, started.Name, executionId, started.Timestamp)
        {
            Input = started.Input,
            ParentInstanceId = started.ParentInstance?.InstanceId,
            ScheduledStartAt = message.VisibleAt,
        };
        _instances[message.InstanceId] = row;
        Enqueue(row, message with { ExecutionId = executionId });
    }

    private void Enqueue(InstanceRow row, TaskMessage message) =>
        row.Inbox.Add(message with { SequenceNumber = ++_sequence, VisibleAt = message.VisibleAt ?? DateTime.MinValue });
}
