using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.CrashHost;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>A real SQLite file in a temp folder with the provider, a DTFx TaskHubWorker and a TaskHubClient on it.</summary>
internal sealed class TestHub : IAsyncDisposable
{
    private readonly bool _ownsFolder;
    private TaskHubWorker? _worker;

    private TestHub(string folder, bool ownsFolder, SqliteOrchestrationServiceSettings settings)
    {
        Folder = folder;
        _ownsFolder = ownsFolder;
        Settings = settings;
        Service = new SqliteOrchestrationService(settings);
        Client = new TaskHubClient(Service);
    }

    public string Folder { get; }

    public string DbPath => Settings.Path;

    public SqliteOrchestrationServiceSettings Settings { get; }

    public SqliteOrchestrationService Service { get; }

    public TaskHubClient Client { get; }

    public TaskHubWorker Worker => _worker ?? throw new InvalidOperationException("No worker was started.");

    /// <summary>A new file in a new temp folder (or <paramref name="sharedFolder"/>'s file), with a started worker
    /// unless <paramref name="startWorker"/> is false.</summary>
    public static async Task<TestHub> StartAsync(
        Action<SqliteOrchestrationServiceSettings>? configure = null, bool startWorker = true, string? sharedFolder = null, Action<TaskHubWorker>? setup = null)
    {
        var folder = sharedFolder ?? Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        var settings = new SqliteOrchestrationServiceSettings
        {
            Path = Path.Combine(folder, "hub.db"),
            TaskHubName = "test",
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(settings);
        var hub = new TestHub(folder, sharedFolder is null, settings);
        await hub.Service.CreateIfNotExistsAsync();
        if (startWorker)
        {
            await hub.StartWorkerAsync(setup);
        }

        return hub;
    }

    public async Task StartWorkerAsync(Action<TaskHubWorker>? setup = null)
    {
        var worker = new TaskHubWorker(Service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations([.. TestOrchestrations.All, .. CrashWorkflow.Orchestrations, .. Workloads.Orchestrations]);
        worker.AddTaskActivities([.. TestActivities.All, .. CrashWorkflow.Activities, .. Workloads.Activities]);
        setup?.Invoke(worker);
        await worker.StartAsync();
        _worker = worker;
    }

    public async Task StopWorkerAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            await worker.StopAsync(isForced: true);
        }
    }

    /// <summary>Starts an instance and waits for it to end (Completed, Failed, Terminated).</summary>
    public async Task<OrchestrationState> RunAsync(Type orchestration, object? input, string? instanceId = null, TimeSpan? timeout = null)
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(orchestration, instanceId ?? Guid.NewGuid().ToString("N"), input);
        return await WaitAsync(instance.InstanceId, timeout);
    }

    public async Task<OrchestrationState> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        var state = await Service.WaitForOrchestrationAsync(instanceId, null!, timeout ?? TimeSpan.FromSeconds(60), CancellationToken.None);
        return state ?? throw new TimeoutException($"Instance '{instanceId}' did not end in time; it is {(await Service.GetOrchestrationStateAsync(instanceId, false)).FirstOrDefault()?.OrchestrationStatus}.");
    }

    public async Task<OrchestrationState?> StateAsync(string instanceId) => (await Service.GetOrchestrationStateAsync(instanceId, false)).FirstOrDefault();

    /// <summary>A scalar read straight from the file, for checks of what is stored.</summary>
    public object? Sql(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + DbPath + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        await Service.StopAsync(true);
        Service.Dispose();
        if (_ownsFolder)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
