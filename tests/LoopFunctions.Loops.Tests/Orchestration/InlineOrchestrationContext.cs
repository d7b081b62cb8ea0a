using System.Collections.Concurrent;
using System.Text.Json;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// Runs <see cref="LoopOrchestrator"/> with its real activities, in process, without an engine: each activity call
/// resolves the registered activity class (<c>AddLoopTasks</c>) from the loop services, with its input and output
/// round-tripped through JSON as an engine stores them, and is retried as the call's own <see cref="TaskOptions"/> say
/// (<see cref="LoopSteps.StepRetry"/> for the loop's steps), as an engine would. Events
/// are buffered until the orchestrator waits for them; timers never fire unless <see cref="TimersFire"/>.
/// Whole flows (real git, real child processes, real HTTP stand-ins) run this way; their durability is the engine's
/// and is tested with it.
/// </summary>
internal sealed class InlineOrchestrationContext : TaskOrchestrationContext, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ServiceProvider _services;
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities;
    private readonly ConcurrentDictionary<string, Queue<string>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Action<string>> _waiting = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _instanceId;

    public InlineOrchestrationContext(string instanceId, Action<LoopRunnerOptions> configure)
    {
        _instanceId = instanceId;
        var services = new ServiceCollection();
        services.AddSingleton(TestActivity.Lifetime);
        services.AddLoopServices(configure);
        _services = services.BuildServiceProvider();
        _activities = new DurableTaskRegistry().AddLoopTasks().GetActivities().ToDictionary(a => a.Key.Name, a => a.Value, StringComparer.OrdinalIgnoreCase);
        InlineEntities = new InlineEntities(_services);
    }

    /// <summary>The entities the orchestrator calls and signals (budget pools), run inline on the loop services.</summary>
    public InlineEntities InlineEntities { get; }

    public override TaskOrchestrationEntityFeature Entities => InlineEntities;

    /// <summary>Every activity call in order: its name.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Every custom status the orchestrator set.</summary>
    public List<LoopStatus> Statuses { get; } = [];

    /// <summary>Runs before an activity with its (serialized) input: a test makes something happen in between.</summary>
    public Func<string, string, Task>? BeforeActivity { get; set; }

    /// <summary>Called when the orchestrator starts waiting for an event no one raised yet.</summary>
    public Action<string>? OnWait { get; set; }

    /// <summary>Timers fire at once (an approval or CI wait times out) instead of never.</summary>
    public bool TimersFire { get; set; }

    public override TaskName Name => LoopActivityNames.Orchestrator;

    public override string InstanceId => _instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => DateTime.UtcNow;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Runs the orchestrator to its end, started as a host starts it: the loop by name (found by LoadPlan
    /// in the request's file's folder) with the request's facts.</summary>
    public Task<LoopResult> RunAsync(LoopRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoopRunnerOptions>>().Value.LoopsFolder = Path.GetDirectoryName(request.LoopFile)!;
        var trigger = new LoopTrigger(request.TriggeredBy, request.PullRequest, request.GitHubRepository, request.UntrustedContext);
        return new LoopOrchestrator().RunAsync(this, new LoopRunInput(request.LoopName, LoopRunInput.Json(request.Input), trigger, request.Repository));
    }

    /// <summary>Raises an event; it waits in a buffer until the orchestrator asks for it.</summary>
    public void Raise(string name, object payload)
    {
        var json = JsonSerializer.Serialize(payload, Json);
        if (_waiting.TryRemove(name, out var deliver))
        {
            deliver(json);
            return;
        }

        _buffered.GetOrAdd(name, _ => new Queue<string>()).Enqueue(json);
    }

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Calls.Add(name.Name);
        var serialized = JsonSerializer.Serialize(input, Json);
        if (BeforeActivity is { } before)
        {
            await before(name.Name, serialized);
        }

        var activity = _activities[name.Name](_services);
        var started = DateTime.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await activity.RunAsync(TestActivity.Context(name.Name, _instanceId), JsonSerializer.Deserialize(serialized, activity.InputType, Json));
                return JsonSerializer.Deserialize<TResult>(JsonSerializer.Serialize(result, activity.OutputType, Json), Json)!;
            }
            catch (Exception ex) when (ex is not TaskFailedException)
            {
                var failure = TaskFailureDetails.FromException(ex);
                if (!await RetryAsync(options?.Retry, new RetryContext(this, attempt, failure, DateTime.UtcNow - started, CancellationToken.None)))
                {
                    throw new TaskFailedException(name.Name, Calls.Count, ex);
                }
            }
        }
    }

    /// <summary>Whether the call's retry allows another attempt after <paramref name="retry"/>'s failure: its handler
    /// decides, or its policy's attempts (its delays are not waited: no timer runs here; the loop's steps use a handler).</summary>
    private static async Task<bool> RetryAsync(TaskRetryOptions? options, RetryContext retry) => options switch
    {
        { Handler: { } handler } => await handler(retry),
        { Policy: { } policy } => retry.LastAttemptNumber < policy.MaxNumberOfAttempts,
        _ => false,
    };

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        TimersFire ? Task.CompletedTask : Task.Delay(Timeout.Infinite, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_buffered.TryGetValue(eventName, out var queue) && queue.TryDequeue(out var json))
        {
            result.SetResult(JsonSerializer.Deserialize<T>(json, Json)!);
            return result.Task;
        }

        _waiting[eventName] = payload => result.TrySetResult(JsonSerializer.Deserialize<T>(payload, Json)!);
        cancellationToken.Register(() =>
        {
            _waiting.TryRemove(eventName, out _);
            result.TrySetCanceled(cancellationToken);
        });
        OnWait?.Invoke(eventName);
        return result.Task;
    }

    public override void SetCustomStatus(object? customStatus)
    {
        if (customStatus is LoopStatus status)
        {
            Statuses.Add(JsonSerializer.Deserialize<LoopStatus>(JsonSerializer.Serialize(status, Json), Json)!);
        }
    }

    public override T? GetInput<T>() where T : default => throw new NotSupportedException();

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) => throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => Guid.NewGuid();

    public void Dispose() => _services.Dispose();
}
