using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.CrashHost;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>A real SQLite file in a temp folder with the provider, a DTFx TaskHubWorker and a TaskHubClient on it.</summary>
internal sealed class TestHub : SqliteHub
{
    private TaskHubWorker? _worker;

    private TestHub(string folder, bool ownsFolder, SqliteOrchestrationServiceSettings settings)
        : base(folder, ownsFolder, settings)
    {
    }

    public string DbPath => Settings.Path;

    public TaskHubWorker Worker => _worker ?? throw new InvalidOperationException("No worker was started.");

    /// <summary>A new file in a new temp folder (or <paramref name="sharedFolder"/>'s file), with a started worker
    /// unless <paramref name="startWorker"/> is false.</summary>
    public static async Task<TestHub> StartAsync(
        Action<SqliteOrchestrationServiceSettings>? configure = null, bool startWorker = true, string? sharedFolder = null, Action<TaskHubWorker>? setup = null)
    {
        var (folder, settings) = NewFile("dtfx-sqlite-", sharedFolder, configure);
        return await OpenAsync(new TestHub(folder, sharedFolder is null, settings), startWorker ? hub => hub.StartWorkerAsync(setup) : null);
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

    public override async Task StopWorkerAsync()
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
}
