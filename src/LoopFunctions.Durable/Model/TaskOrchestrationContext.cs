using Microsoft.Extensions.Logging;

namespace LoopFunctions.Durable;

/// <summary>
/// What an orchestrator sees of the engine. The same surface as Durable Functions' <c>TaskOrchestrationContext</c>.
/// </summary>
/// <remarks>
/// <para><b>Replay.</b> Orchestrator code is re-run from the start whenever the engine rebuilds an instance from its
/// history, so it must be deterministic: take the time from <see cref="CurrentUtcDateTime"/>, ids from
/// <see cref="NewGuid"/>, and do every I/O in an activity. Never use <c>ConfigureAwait(false)</c>, <c>Task.Run</c>,
/// <c>Task.Delay</c> or threads in orchestrator code: continuations must run on the orchestration's own scheduler.</para>
/// <para><b>Completion order.</b> Every call records an action with a sequence id; the recorded history must show the
/// same actions with the same ids, types and names, or the instance fails with a
/// <see cref="NonDeterministicOrchestrationException"/>.</para>
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator's registered name.</summary>
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>True while the code is re-running events that were already recorded.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The time the current episode started; the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>The parent's instance id when this is a sub-orchestration.</summary>
    public abstract string? ParentInstanceId { get; }

    /// <summary>The input, deserialized as <typeparamref name="T"/>.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after the retries of <paramref name="options"/>).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <inheritdoc cref="CallActivityAsync{TResult}(string, object?, TaskOptions?)"/>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC), surviving restarts.</summary>
    /// <remarks>Cancelling the token completes the task as cancelled; the timer message still exists and is ignored
    /// when it fires.</remarks>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires after <paramref name="delay"/> from <see cref="CurrentUtcDateTime"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an external event. Events raised before the wait are buffered and delivered in order.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event with a durable timeout.</summary>
    /// <exception cref="TaskCanceledException">No event arrived within <paramref name="timeout"/>.</exception>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    /// <summary>Starts a sub-orchestration and returns its output.</summary>
    /// <exception cref="TaskFailedException">The sub-orchestration failed or was terminated.</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <inheritdoc cref="CallSubOrchestratorAsync{TResult}(string, object?, TaskOptions?)"/>
    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>Raises an event on another instance. Fire and forget: an unknown target drops it.</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Ends this execution once the orchestrator returns, and starts a fresh one with an empty history.</summary>
    /// <param name="newInput">The next execution's input.</param>
    /// <param name="preserveUnprocessedEvents">Carry buffered, unconsumed external events into the next execution.</param>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Sets a JSON-serializable status that clients and the dashboard can read while the instance runs.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic, name-based UUID: the same on every replay, different on every call.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the code is not replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <inheritdoc cref="CreateReplaySafeLogger(string)"/>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
