using DurableTask.Core;
using DurableTask.Core.Entities;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>
/// A real SQLite file with the provider and DTFx's own <see cref="TaskHubWorker"/> built with an entity manager
/// (the 5-argument constructor), running <see cref="Counter"/> as "counter" and <see cref="EntityCaller"/>.
/// Several hubs may share one file (<c>sharedFolder</c>), each its own service object and worker.
/// </summary>
internal sealed class EntityHub : SqliteHub
{
    private TaskHubWorker? _worker;

    private EntityHub(string folder, bool ownsFolder, SqliteOrchestrationServiceSettings settings)
        : base(folder, ownsFolder, settings)
    {
    }

    public EntityBackendQueries Queries => Service.EntityBackendQueries;

    public static async Task<EntityHub> StartAsync(Action<SqliteOrchestrationServiceSettings>? configure = null, bool startWorker = true, string? sharedFolder = null)
    {
        var (folder, settings) = NewFile("dtfx-sqlite-ent-", sharedFolder, configure);
        return await OpenAsync(new EntityHub(folder, sharedFolder is null, settings), startWorker ? hub => hub.StartWorkerAsync() : null);
    }

    public async Task StartWorkerAsync()
    {
        var orchestrations = new ObjectManager<TaskOrchestration>();
        orchestrations.Add(new NameValueObjectCreator<TaskOrchestration>(nameof(EntityCaller), "", typeof(EntityCaller)));
        var entities = new ObjectManager<TaskEntity>();
        entities.Add(new NameValueObjectCreator<TaskEntity>("counter", "", new Counter()));
        var worker = new TaskHubWorker(Service, orchestrations, new ObjectManager<TaskActivity>(), entities, loggerFactory: null)
        {
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        await worker.StartAsync();
        _worker = worker;
    }

    /// <summary>Stops the worker; gracefully, so its work items release their locks before the service closes.</summary>
    public override async Task StopWorkerAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            await worker.StopAsync(isForced: false);
        }
    }

    /// <summary>Stops the worker, closes the service and opens a new one on the same file (a process restart).</summary>
    public async Task RestartAsync(bool startWorker = true)
    {
        await StopWorkerAsync();
        await Service.StopAsync(true);
        Service.Dispose();
        Service = new SqliteOrchestrationService(Settings);
        Client = new TaskHubClient(Service);
        await Service.CreateIfNotExistsAsync();
        if (startWorker)
        {
            await StartWorkerAsync();
        }
    }

    /// <summary>A client signal, as DTFx's client helpers build it, through the service's message API.</summary>
    public Task SignalAsync(string entityId, string operation, string? input = null, DateTime? at = null) =>
        Service.SendTaskOrchestrationMessageAsync(ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = entityId }, Guid.NewGuid(), operation, input, at is { } due ? (due, due) : null).AsTaskMessage());

    public async Task<string?> StateAsync(string entityId) =>
        (await Queries.GetEntityAsync(EntityId.FromString(entityId), includeState: true))?.SerializedState;

    /// <summary>Waits until the entity's state is <paramref name="expected"/>; false after the deadline.</summary>
    public Task<bool> StateBecomesAsync(string entityId, string? expected, TimeSpan? deadline = null) =>
        Poll.UntilAsync(async () => await StateAsync(entityId) == expected, deadline ?? TimeSpan.FromSeconds(60));

    /// <summary>The name/version lookup DTFx's worker takes (its own is internal).</summary>
    private sealed class ObjectManager<T> : INameVersionObjectManager<T>
    {
        private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.Ordinal);

        public void Add(ObjectCreator<T> creator) => _creators.Add(creator.Name, creator);

        public T? GetObject(string name, string? version) => _creators.TryGetValue(name, out var creator) ? creator.Create() : default;
    }
}
