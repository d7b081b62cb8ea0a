using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.DurableTask.Client;

/// <summary>
/// The Microsoft.DurableTask <see cref="DurableTaskClient"/> over a DTFx backend's <see cref="IOrchestrationServiceClient"/>
/// (plus its query and purge clients): what the CLI, the HTTP API and the dashboard use. Needs no worker in the
/// same process.
/// </summary>
/// <remarks>
/// <para>Differences from Durable Functions' behaviour, on purpose: a start whose instance id belongs to a live
/// instance (Pending, Running, Suspended) is always refused with <see cref="OrchestrationAlreadyExistsException"/>,
/// whatever <see cref="Microsoft.DurableTask.StartOrchestrationOptions.DedupeStatuses"/> says (the SDK's own shim would
/// terminate it and start over); raising events on, terminating, suspending or resuming an unknown or finished
/// instance throws (<see cref="OrchestrationNotFoundException"/>, <see cref="OrchestrationStatusConflictException"/>)
/// instead of being dropped silently. Entities are reached through <see cref="Entities"/> on a backend with entity
/// support; instance queries leave them out, and orchestration operations refuse entity ids (starting with <c>@</c>).</para>
/// <para>The task hub is created before the first call. Payloads over <see cref="DurableEngineOptions.MaxPayloadBytes"/>
/// are refused before anything is sent.</para>
/// </remarks>
public sealed partial class DurableEngineClient : DurableTaskClient
{
    private readonly IOrchestrationServiceClient _client;
    private readonly TaskHub? _hub;
    private readonly IOrchestrationRewinder? _rewinder;
    private readonly DurableEngineOptions _options;
    private readonly ILogger _logger;
    private readonly DurableEngineEntityClient _entities;

    /// <summary>A client over <paramref name="client"/>. When it is also the <see cref="IOrchestrationService"/>, its task
    /// hub is created before the first call. <paramref name="rewinder"/> is the backend's own rewind, when it has one.</summary>
    public DurableEngineClient(IOrchestrationServiceClient client, DurableEngineOptions? options = null, ILoggerFactory? loggerFactory = null, IOrchestrationRewinder? rewinder = null)
        : this(
            client,
            client is IOrchestrationService service ? new TaskHub(service, new DurableBackendInfo(default, "", service.GetType().Name), NullLogger.Instance) : null,
            options ?? new DurableEngineOptions(),
            loggerFactory ?? NullLoggerFactory.Instance,
            rewinder)
    {
    }

    internal DurableEngineClient(IOrchestrationServiceClient client, TaskHub? hub, DurableEngineOptions options, ILoggerFactory loggerFactory, IOrchestrationRewinder? rewinder)
        : base("LoopFunctions")
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _hub = hub;
        _rewinder = rewinder;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("LoopFunctions.DurableTask.Client");
        _entities = new DurableEngineEntityClient(client, ReadyAsync, options);
    }

    /// <summary>Signals, reads, queries and cleans durable entities (<see cref="DurableEngineEntityClient"/>). Calls
    /// throw <see cref="NotSupportedException"/> when the backend has no entity support.</summary>
    public override DurableEntityClient Entities => _entities;

    /// <summary>Last resort for a failed instance whose details were not read from history (query pages): the
    /// "type: message" text Azure Storage keeps as the output.</summary>
    private static TaskFailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return null;
        }

        var split = state.Output.IndexOf(": ", StringComparison.Ordinal);
        return split > 0 && !state.Output[..split].Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(state.Output[..split], state.Output[(split + 2)..], null, null, null)
            : new TaskFailureDetails("OrchestrationFailed", state.Output, null, null, null);
    }

    /// <summary>Nothing to release: the backend belongs to the container.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task ReadyAsync(CancellationToken cancellationToken) =>
        _hub?.EnsureCreatedAsync(cancellationToken) ?? Task.CompletedTask;

    private T Capability<T>(string operation)
        where T : class =>
        _client as T ?? throw new NotSupportedException($"The backend {_client.GetType().Name} cannot {operation} (it does not implement {typeof(T).Name}).");

    /// <summary>Serializes a payload and enforces the size limit before anything is sent.</summary>
    private string? Serialize(object? value, string what) => Payload.Serialize(_options, value, what);

    /// <summary>The latest execution's state, or <see langword="null"/>. Some backends answer a list holding a null.</summary>
    private async Task<OrchestrationState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var states = await _client.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        return states?.FirstOrDefault(s => s is not null);
    }

    private async Task<OrchestrationState> GetExistingStateAsync(string instanceId, CancellationToken cancellationToken) =>
        await GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new OrchestrationNotFoundException(instanceId);

    /// <summary>Fills a failed instance's <see cref="OrchestrationState.FailureDetails"/> from its history when the
    /// backend's instance record lacks them (Azure Storage keeps only "type: message" in the output column).</summary>
    private async Task<OrchestrationState> WithFailureDetailsAsync(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || state.FailureDetails is not null)
        {
            return state;
        }

        var json = await _client.GetOrchestrationHistoryAsync(state.OrchestrationInstance.InstanceId, state.OrchestrationInstance.ExecutionId).ConfigureAwait(false);
        state.FailureDetails = HistoryJson.Deserialize(json).OfType<ExecutionCompletedEvent>().LastOrDefault()?.FailureDetails;
        return state;
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool getInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = _options.DataConverter,
            RuntimeStatus = state.OrchestrationStatus.FromCore(),
            CreatedAt = state.CreatedTime.ToUtcOffset(),
            LastUpdatedAt = state.LastUpdatedTime.ToUtcOffset(),
            SerializedInput = getInputsAndOutputs ? state.Input : null,
            SerializedOutput = getInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = state.Status,
            FailureDetails = state.FailureDetails.FromCore() ?? FailureFromOutput(state),
            Tags = state.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags) : new Dictionary<string, string>(),
        };
}
