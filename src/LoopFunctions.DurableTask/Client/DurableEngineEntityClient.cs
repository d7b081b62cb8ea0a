using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Tracing;
using LoopFunctions.DurableTask.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using CoreEntityMetadata = DurableTask.Core.Entities.EntityBackendQueries.EntityMetadata;
using EntityMetadata = Microsoft.DurableTask.Client.Entities.EntityMetadata;

namespace LoopFunctions.DurableTask.Client;

/// <summary>
/// Durable entities through a DTFx backend that implements <see cref="IEntityOrchestrationService"/>: signals are
/// sent as DTFx's entity messages, and reads, queries and clean-up go to the backend's
/// <see cref="EntityBackendQueries"/>. Reached through <see cref="DurableEngineClient.Entities"/>.
/// </summary>
/// <remarks>
/// <para>A backend without entity support (or without a separate entity queue, without which no worker here runs
/// entities) refuses every call with <see cref="NotSupportedException"/>; one without queries refuses reads, queries
/// and clean-up the same way.</para>
/// <para>Signals are one-way and at-least-once on Azure Storage (its reorder window drops duplicates); their input over
/// <see cref="DurableEngineOptions.MaxPayloadBytes"/> is refused before anything is sent. A signal's
/// <see cref="SignalEntityOptions.SignalTime"/> is capped at the backend's <see cref="EntityBackendProperties.MaximumSignalDelayTime"/>.</para>
/// </remarks>
public sealed class DurableEngineEntityClient : DurableEntityClient
{
    private readonly IOrchestrationServiceClient _client;
    private readonly Func<CancellationToken, Task> _ready;
    private readonly DurableEngineOptions _options;

    internal DurableEngineEntityClient(IOrchestrationServiceClient client, Func<CancellationToken, Task> ready, DurableEngineOptions options)
        : base("LoopFunctions")
    {
        _client = client;
        _ready = ready;
        _options = options;
    }

    /// <summary>Sends <paramref name="operationName"/> to the entity, creating it if it does not exist.</summary>
    /// <exception cref="PayloadTooLargeException">The serialized input is over the limit; nothing was sent.</exception>
    /// <exception cref="ArgumentException">The entity id (<c>@name@key</c>) breaks the instance id rules of
    /// <see cref="InstanceIds.Validate"/>.</exception>
    /// <exception cref="NotSupportedException">The backend has no entity support.</exception>
    public override async Task SignalEntityAsync(
        EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name, nameof(id));
        ArgumentNullException.ThrowIfNull(id.Key, nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(operationName);

        // The entity id is its instance id, so it follows the same rules (Azure Storage keys its tables by it).
        InstanceIds.Validate(id.ToString());
        var properties = Properties("signal entities");
        var serialized = Serialize(input, $"The input of operation '{operationName}' on entity '{id}'");
        await _ready(cancellation).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        var message = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = id.ToString() },
            Guid.NewGuid(),
            operationName,
            serialized,
            EntityMessageEvent.GetCappedScheduledTime(DateTime.UtcNow, properties.MaximumSignalDelayTime, options?.SignalTime?.UtcDateTime),
            Activity.Current is { Id: { } trace } activity ? new DistributedTraceContext(trace, activity.TraceStateString) : null);
        await _client.SendTaskOrchestrationMessageAsync(message.AsTaskMessage()).ConfigureAwait(false);
    }

    /// <summary>The entity's metadata (and state when <paramref name="includeState"/>), or <see langword="null"/> when it
    /// does not exist or holds no state.</summary>
    /// <exception cref="NotSupportedException">The backend cannot read entities.</exception>
    public override async Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        await ReadAsync(id, includeState, cancellation).ConfigureAwait(false) is { } found ? Untyped(found) : null;

    /// <summary>The entity's metadata with its state as <typeparamref name="T"/>, or <see langword="null"/>.</summary>
    /// <exception cref="NotSupportedException">The backend cannot read entities.</exception>
    public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) =>
        await ReadAsync(id, includeState, cancellation).ConfigureAwait(false) is { } found ? Typed<T>(found) : null;

    /// <summary>Every entity matching <paramref name="filter"/>, page by page.</summary>
    /// <exception cref="NotSupportedException">The backend cannot query entities.</exception>
    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) => Query(filter, Untyped);

    /// <summary>Every entity matching <paramref name="filter"/> with its state as <typeparamref name="T"/>, page by page.</summary>
    /// <exception cref="NotSupportedException">The backend cannot query entities.</exception>
    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) => Query(filter, Typed<T>);

    /// <summary>Removes entities that hold no state and no pending work, and releases locks held by orchestrations that
    /// have ended; with <paramref name="continueUntilComplete"/>, until the backend reports nothing left.</summary>
    /// <exception cref="NotSupportedException">The backend cannot clean entity storage.</exception>
    public override async Task<CleanEntityStorageResult> CleanEntityStorageAsync(
        CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default)
    {
        var queries = Queries("clean entity storage");
        var r = request ?? CleanEntityStorageRequest.Default;
        await _ready(cancellation).ConfigureAwait(false);
        var (removed, released, continuation) = (0, 0, r.ContinuationToken);
        do
        {
            var result = await queries.CleanEntityStorageAsync(
                new EntityBackendQueries.CleanEntityStorageRequest
                {
                    RemoveEmptyEntities = r.RemoveEmptyEntities,
                    ReleaseOrphanedLocks = r.ReleaseOrphanedLocks,
                    ContinuationToken = continuation,
                },
                cancellation).ConfigureAwait(false);
            removed += result.EmptyEntitiesRemoved;
            released += result.OrphanedLocksReleased;
            continuation = result.ContinuationToken;
        }
        while (continueUntilComplete && continuation is not null);

        return new CleanEntityStorageResult { EmptyEntitiesRemoved = removed, OrphanedLocksReleased = released, ContinuationToken = continuation };
    }

    private EntityBackendProperties Properties(string operation) =>
        _client is IEntityOrchestrationService { EntityBackendProperties: { UseSeparateQueueForEntityWorkItems: true } properties }
            ? properties
            : throw new NotSupportedException($"The backend {_client.GetType().Name} cannot {operation}: it has no entity support (IEntityOrchestrationService with a separate entity queue).");

    private EntityBackendQueries Queries(string operation)
    {
        Properties(operation);
        return ((IEntityOrchestrationService)_client).EntityBackendQueries
            ?? throw new NotSupportedException($"The backend {_client.GetType().Name} cannot {operation}: it runs entities but has no entity queries (EntityBackendQueries).");
    }

    private async Task<CoreEntityMetadata?> ReadAsync(EntityInstanceId id, bool includeState, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(id.Name, nameof(id));
        var queries = Queries("read entities");
        await _ready(cancellation).ConfigureAwait(false);
        return await queries.GetEntityAsync(new EntityId(id.Name, id.Key), includeState, includeStateless: false, cancellation).ConfigureAwait(false);
    }

    private AsyncPageable<TMetadata> Query<TMetadata>(EntityQuery? filter, Func<CoreEntityMetadata, TMetadata> convert)
        where TMetadata : notnull
    {
        var queries = Queries("query entities");
        return Pageable.Create<TMetadata>(async (continuation, pageSize, cancellation) =>
        {
            await _ready(cancellation).ConfigureAwait(false);
            var result = await queries.QueryEntitiesAsync(
                new EntityBackendQueries.EntityQuery
                {
                    InstanceIdStartsWith = filter?.InstanceIdStartsWith ?? "",
                    LastModifiedFrom = filter?.LastModifiedFrom?.UtcDateTime,
                    LastModifiedTo = filter?.LastModifiedTo?.UtcDateTime,
                    IncludeState = filter?.IncludeState ?? true,
                    IncludeTransient = filter?.IncludeTransient ?? false,
                    PageSize = pageSize ?? filter?.PageSize,
                    ContinuationToken = continuation ?? filter?.ContinuationToken,
                },
                cancellation).ConfigureAwait(false);
            return new Page<TMetadata>([.. result.Results.Select(convert)], string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    private EntityMetadata Untyped(CoreEntityMetadata metadata) =>
        new(new EntityInstanceId(metadata.EntityId.Name, metadata.EntityId.Key), metadata.SerializedState is { } state ? new SerializedData(state, _options.DataConverter) : null)
        {
            LastModifiedTime = metadata.LastModifiedTime,
            BacklogQueueSize = metadata.BacklogQueueSize,
            LockedBy = metadata.LockedBy,
        };

    private EntityMetadata<T> Typed<T>(CoreEntityMetadata metadata)
    {
        var id = new EntityInstanceId(metadata.EntityId.Name, metadata.EntityId.Key);

        // Without state the metadata says so (IncludesState false) instead of carrying a default value.
        return metadata.SerializedState is { } state
            ? new EntityMetadata<T>(id, _options.DataConverter.Deserialize<T>(state)!)
            {
                LastModifiedTime = metadata.LastModifiedTime,
                BacklogQueueSize = metadata.BacklogQueueSize,
                LockedBy = metadata.LockedBy,
            }
            : new EntityMetadata<T>(id)
            {
                LastModifiedTime = metadata.LastModifiedTime,
                BacklogQueueSize = metadata.BacklogQueueSize,
                LockedBy = metadata.LockedBy,
            };
    }

    private string? Serialize(object? value, string what) => Payload.Serialize(_options, value, what);
}
