using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>
/// What the test hubs share: a real SQLite file (<c>hub.db</c>) in a new temp folder, or in a folder several hubs
/// share, each its own service object and worker; the provider and a client on it. Disposing stops the worker,
/// closes the service and deletes the folder when the hub made it.
/// </summary>
internal abstract class SqliteHub : IAsyncDisposable
{
    private readonly bool _ownsFolder;

    protected SqliteHub(string folder, bool ownsFolder, SqliteOrchestrationServiceSettings settings)
    {
        Folder = folder;
        _ownsFolder = ownsFolder;
        Settings = settings;
        Service = new SqliteOrchestrationService(settings);
        Client = new TaskHubClient(Service);
    }

    public string Folder { get; }

    public SqliteOrchestrationServiceSettings Settings { get; }

    public SqliteOrchestrationService Service { get; protected set; }

    public TaskHubClient Client { get; protected set; }

    /// <summary>Stops the hub's worker, if one runs.</summary>
    public abstract Task StopWorkerAsync();

    /// <summary>A scalar read straight from the file, for checks of what is stored.</summary>
    public object? Sql(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Settings.Path + ";Pooling=false");
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

    /// <summary>The folder (<paramref name="sharedFolder"/>, else a new temp folder named from
    /// <paramref name="prefix"/>) and the settings for its <c>hub.db</c>, after <paramref name="configure"/>.</summary>
    protected static (string Folder, SqliteOrchestrationServiceSettings Settings) NewFile(
        string prefix, string? sharedFolder, Action<SqliteOrchestrationServiceSettings>? configure)
    {
        var folder = sharedFolder ?? Directory.CreateTempSubdirectory(prefix).FullName;
        var settings = new SqliteOrchestrationServiceSettings
        {
            Path = Path.Combine(folder, "hub.db"),
            TaskHubName = "test",
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(settings);
        return (folder, settings);
    }

    /// <summary>Creates the hub's store, then starts its worker with <paramref name="startWorker"/> when given.</summary>
    protected static async Task<THub> OpenAsync<THub>(THub hub, Func<THub, Task>? startWorker)
        where THub : SqliteHub
    {
        await hub.Service.CreateIfNotExistsAsync();
        if (startWorker is not null)
        {
            await startWorker(hub);
        }

        return hub;
    }
}
