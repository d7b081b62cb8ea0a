using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.History;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Durable.Core;

/// <summary>
/// One orchestration instance in memory: the orchestrator's suspended code plus the bookkeeping that matches what it
/// does against its history. Kept between episodes by the worker's cache so a long history is replayed only when the
/// instance is loaded, not at every step.
/// </summary>
internal sealed partial class OrchestrationRuntime : TaskOrchestrationContext
{
    private readonly OrchestrationSynchronizationContext _scheduler = new();
    private readonly Func<string, ITaskOrchestrator?> _resolveOrchestrator;
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly int _maxPayloadBytes;

    // Open durable tasks by the sequence id of the action that created them.
    private readonly Dictionary<int, OpenTask> _openTasks = [];

    // Actions the code produced that history has not (yet) confirmed, by sequence id.
    private readonly SortedDictionary<int, HistoryEvent> _pendingActions = [];

    private readonly Dictionary<string, LinkedList<Action<string?>>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> _bufferedEvents = [];
    private readonly List<HistoryEvent> _suspendedEvents = [];

    private ITaskOrchestrator? _orchestrator;
    private Task<object?>? _orchestratorTask;
    private string _name = "";
    private string? _input;
    private ParentInstanceInfo? _parent;
    private DateTime _currentUtcDateTime;
    private bool _isReplaying;
    private int _nextSequenceId;
    private int _newGuidCounter;
    private bool _suspended;
    private (bool Requested, string? Input, bool PreserveEvents) _continueAsNew;

    public OrchestrationRuntime(
        string instanceId,
        string executionId,
        Func<string, ITaskOrchestrator?> resolveOrchestrator,
        DataConverter converter,
        ILoggerFactory loggerFactory,
        int maxPayloadBytes)
    {
        InstanceId = instanceId;
        ExecutionId = executionId;
        _resolveOrchestrator = resolveOrchestrator;
        _converter = converter;
        _loggerFactory = loggerFactory;
        _maxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The execution this runtime belongs to.</summary>
    public string ExecutionId { get; }

    /// <summary>How many events of this execution are persisted; the cache is valid only while the store agrees.</summary>
    public int HistoryCount { get; private set; }

    public OrchestrationRuntimeStatus Status { get; private set; } = OrchestrationRuntimeStatus.Pending;

    public string? Output { get; private set; }

    public string? SerializedCustomStatus { get; private set; }

    public FailureDetails? Failure { get; private set; }

    public override string Name => _name;

    public override string InstanceId { get; }

    public override bool IsReplaying => _isReplaying;

    public override DateTime CurrentUtcDateTime => _currentUtcDateTime;

    public override string? ParentInstanceId => _parent?.InstanceId;

    public override T? GetInput<T>() where T : default => _converter.Deserialize<T>(_input);

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var serialized = Serialize(input, $"The input of activity '{name}'");
        return options?.Retry is { } retry
            ? WithRetry(() => ScheduleActivity<TResult>(name, serialized), retry)
            : ScheduleActivity<TResult>(name, serialized);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var serialized = Serialize(input, $"The input of sub-orchestration '{orchestratorName}'");
        var explicitId = (options as SubOrchestrationOptions)?.InstanceId;
        return options?.Retry is { } retry
            ? WithRetry(() => ScheduleSubOrchestration<TResult>(orchestratorName, explicitId, serialized), retry)
            : ScheduleSubOrchestration<TResult>(orchestratorName, explicitId, serialized);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var id = _nextSequenceId++;
        var tcs = new TaskCompletionSource();
        AddAction(new TimerCreatedEvent(id, _currentUtcDateTime, fireAt.ToUniversalTime()));
        _openTasks[id] = new OpenTask("Timer", fireAt.ToString("O"), _ => tcs.TrySetResult(), _ => tcs.TrySetResult());
        if (cancellationToken.CanBeCanceled)
        {
            // The timer message stays in the store and is ignored when it fires; only the task completes early.
            cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        }

        return tcs.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var buffered = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var input = _bufferedEvents[buffered].Input;
            _bufferedEvents.RemoveAt(buffered);
            return Task.FromResult(_converter.Deserialize<T>(input)!);
        }

        var tcs = new TaskCompletionSource<T>();
        if (!_eventWaiters.TryGetValue(eventName, out var waiters))
        {
            _eventWaiters[eventName] = waiters = new LinkedList<Action<string?>>();
        }

        var node = waiters.AddLast(payload => Resolve(tcs, payload));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                    tcs.TrySetCanceled(cancellationToken);
                }
            });
        }

        return tcs.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource();
        var timer = CreateTimer(_currentUtcDateTime.Add(timeout), cts.Token);
        var received = WaitForExternalEvent<T>(eventName, cts.Token);
        var winner = await Task.WhenAny(received, timer);

        // Synchronous on purpose: the callbacks must run on the orchestration's scheduler, not the thread pool.
#pragma warning disable CA1849
        cts.Cancel();
#pragma warning restore CA1849
        if (winner == received)
        {
            return await received;
        }

        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var serialized = Serialize(payload, $"The payload of event '{eventName}'");
        AddAction(new EventSentEvent(_nextSequenceId++, _currentUtcDateTime, instanceId, eventName, serialized));
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        _continueAsNew = (true, Serialize(newInput, "The continue-as-new input"), preserveUnprocessedEvents);

    public override void SetCustomStatus(object? customStatus) =>
        SerializedCustomStatus = Serialize(customStatus, "The custom status");

    public override Guid NewGuid() =>
        DeterministicGuid.Create($"{InstanceId}_{_currentUtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}_{_newGuidCounter++}");

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), this);

    private Task<TResult> ScheduleActivity<TResult>(string name, string? input)
    {
        var id = _nextSequenceId++;
        AddAction(new TaskScheduledEvent(id, _currentUtcDateTime, name, input));
        return OpenResultTask<TResult>(id, "Activity", name);
    }

    private Task<TResult> ScheduleSubOrchestration<TResult>(string name, string? instanceId, string? input)
    {
        var id = _nextSequenceId++;
        var childId = instanceId ?? NewGuid().ToString("N");
        AddAction(new SubOrchestrationInstanceCreatedEvent(id, _currentUtcDateTime, name, childId, input));
        return OpenResultTask<TResult>(id, "SubOrchestration", name);
    }

    private Task<TResult> OpenResultTask<TResult>(int id, string kind, string name)
    {
        var tcs = new TaskCompletionSource<TResult>();
        _openTasks[id] = new OpenTask(
            kind,
            name,
            result => Resolve(tcs, result),
            failure => tcs.TrySetException(new TaskFailedException(name, id, failure)));
        return tcs.Task;
    }

    private async Task<TResult> WithRetry<TResult>(Func<Task<TResult>> attempt, RetryPolicy policy)
    {
        var firstAttemptAt = _currentUtcDateTime;
        for (var n = 1; ; n++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (
                n < policy.MaxNumberOfAttempts
                && !ex.FailureDetails.IsNonRetriable
                && (policy.HandleFailure?.Invoke(ex.FailureDetails) ?? true)
                && _currentUtcDateTime - firstAttemptAt < policy.RetryTimeout)
            {
                await CreateTimer(_currentUtcDateTime.Add(policy.GetDelay(n)), CancellationToken.None);
            }
        }
    }

    private void Resolve<T>(TaskCompletionSource<T> tcs, string? payload)
    {
        try
        {
            tcs.TrySetResult(_converter.Deserialize<T>(payload)!);
        }
        catch (Exception ex) when (ex is DurableTaskException or InvalidCastException)
        {
            tcs.TrySetException(ex);
        }
    }

    private string? Serialize(object? value, string what)
    {
        var json = _converter.Serialize(value);
        if (json is not null && json.Length > _maxPayloadBytes / 4 && System.Text.Encoding.UTF8.GetByteCount(json) > _maxPayloadBytes)
        {
            throw new PayloadTooLargeException(what, System.Text.Encoding.UTF8.GetByteCount(json), _maxPayloadBytes);
        }

        return json;
    }

    private void AddAction(HistoryEvent action) => _pendingActions.Add(action.EventId, action);

    private sealed record OpenTask(string Kind, string Name, Action<string?> Complete, Action<FailureDetails> Fail);
}
