using DurableTask.Core;
using DurableTask.Core.Query;
using LoopFunctions.DurableTask.Sqlite.Locking;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>
/// A DurableTask.Core backend on one SQLite file (WAL): orchestrations, activities, timers, sub-orchestrations,
/// extended sessions, queries and purges, for one task hub of the file. Several processes may share the file.
/// </summary>
/// <remarks>
/// <para>Each orchestration work item is checkpointed in one transaction; every write by a lock holder is fenced on
/// its per-acquisition lock token and the lock's expiry, so a holder that lost its lock writes nothing.</para>
/// <para>Activities are at-least-once: a worker that dies mid-activity has it delivered again after its lease (at
/// once when the dead process was on this host); after <see cref="SqliteOrchestrationServiceSettings.MaxDeliveryCount"/>
/// deliveries the activity is answered as failed ("poison"). Messages are never delivered twice once a checkpoint
/// consumed them.</para>
/// <para>See README.md beside this project for the schema, the checkpoint, locking and wake-ups.</para>
/// </remarks>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient, IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SqliteStore _store;

    internal SqliteStore Store => _store;
    private readonly SignalHub _signals;
    private readonly string _hub;
    private readonly string _owner = ProcessIdentity.Current;
    private readonly Lock _lifecycle = new();
    private CancellationTokenSource _stopping = new();
    private Task? _ownerWatch;
    private bool _disposed;

    /// <exception cref="ArgumentException">The settings are invalid; the message names the setting.</exception>
    public SqliteOrchestrationService(SqliteOrchestrationServiceSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteOrchestrationService>();
        _time = settings.TimeProvider;
        _hub = settings.TaskHubName;
        _store = new SqliteStore(settings.Path, settings.Synchronous, settings.BusyTimeout);
        _signals = SignalHub.For(_store.FullPath, _hub);
    }

    public SqliteOrchestrationServiceSettings Settings { get; }

    /// <summary><see cref="SqliteOrchestrationServiceSettings.OrchestrationFetchLoops"/>: each fetch's lock is a commit, so
    /// loops fetching at once share one commit instead of queueing one commit each.</summary>
    public int TaskOrchestrationDispatcherCount => Settings.OrchestrationFetchLoops;

    public int MaxConcurrentTaskOrchestrationWorkItems => Settings.MaxConcurrentTaskOrchestrationWorkItems;

    /// <summary>Raised events not yet consumed move into the next generation of a continued-as-new instance.</summary>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    public int TaskActivityDispatcherCount => 1;

    public int MaxConcurrentTaskActivityWorkItems => Settings.MaxConcurrentTaskActivityWorkItems;

    private long Now => _time.GetUtcNow().UtcTicks;

    private CancellationToken Stopping => Volatile.Read(ref _stopping).Token;

    public async Task StartAsync()
    {
        await EnsureStoreAsync().ConfigureAwait(false);
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stopping.IsCancellationRequested)
            {
                _stopping.Dispose();
                _stopping = new CancellationTokenSource();
            }
        }

        await WriteAsync(db => db.Exec(
            "INSERT INTO owners (owner, host, registered_at) VALUES ($o, $h, $t) ON CONFLICT (owner) DO NOTHING",
            ("$o", _owner), ("$h", ProcessIdentity.CurrentHost), ("$t", Now))).ConfigureAwait(false);
        if (Settings.DeadOwnerDetection)
        {
            lock (_lifecycle)
            {
                _ownerWatch ??= Task.Run(() => WatchOwnersAsync(Stopping));
            }
        }

        Log.Started(_logger, _store.FullPath, _hub, _owner);
    }

    public Task StopAsync() => StopAsync(false);

    /// <summary>Wakes every blocked fetch (they return null at once), ends extended sessions and hands back the work
    /// queued in memory for this process, so another worker can take it without waiting for a lease.</summary>
    public async Task StopAsync(bool isForced)
    {
        Task? watch;
        lock (_lifecycle)
        {
            _stopping.Cancel();
            watch = _ownerWatch;
            _ownerWatch = null;
        }

        if (watch is not null)
        {
            await watch.ConfigureAwait(false);
        }

        await ReturnHandoffsAsync().ConfigureAwait(false);
        Log.Stopped(_logger, _hub, isForced);
    }

    public Task CreateAsync() => CreateAsync(true);

    /// <summary>Creates the schema if needed; with <paramref name="recreateInstanceStore"/> also deletes every row of
    /// this task hub (other hubs in the file are untouched).</summary>
    public async Task CreateAsync(bool recreateInstanceStore)
    {
        await EnsureStoreAsync().ConfigureAwait(false);
        if (recreateInstanceStore)
        {
            await DeleteHubRowsAsync().ConfigureAwait(false);
        }
    }

    public Task CreateIfNotExistsAsync() => CreateAsync(false);

    public Task DeleteAsync() => DeleteAsync(true);

    /// <summary>Deletes every row of this task hub. The tables stay, since other hubs may share the file.</summary>
    public async Task DeleteAsync(bool deleteInstanceStore)
    {
        await EnsureStoreAsync().ConfigureAwait(false);
        await DeleteHubRowsAsync().ConfigureAwait(false);
    }

    /// <summary>True once an episode produced <see cref="SqliteOrchestrationServiceSettings.MaxMessagesPerEpisode"/>
    /// messages: DTFx then commits what it has and continues in a new episode.</summary>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        currentMessageCount >= Settings.MaxMessagesPerEpisode;

    /// <summary>5 s for a busy or unavailable file (DTFx applies this delay to the whole dispatcher, which is what a
    /// file that cannot be written needs); 0 otherwise: cancellation, a lost lock, or a failing work item, which the
    /// abandon back-off already keeps from spinning.</summary>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => DelayAfter(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => DelayAfter(exception);

    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping.Cancel();
        }

        _ownerWatch?.Wait(TimeSpan.FromSeconds(5));
        _store.Dispose();
        _stopping.Dispose();
    }

    private static int DelayAfter(Exception exception) => exception switch
    {
        SqliteStoreUnavailableException => 5,
        SqliteException => 5,
        _ => 0,
    };

    private async Task EnsureStoreAsync()
    {
        await _store.EnsureInitializedAsync().ConfigureAwait(false);
    }

    private async Task<T> WriteAsync<T>(Func<Db, T> work)
    {
        await _store.EnsureInitializedAsync().ConfigureAwait(false);
        return await _store.WriteAsync(work).ConfigureAwait(false);
    }

    /// <summary>A client's read: in Durable mode it is answered only once what it saw is on disk, so a client never acts
    /// on state a power loss could take back.</summary>
    private async Task<T> ReadAsync<T>(Func<Db, T> work, bool durable = true)
    {
        await _store.EnsureInitializedAsync().ConfigureAwait(false);
        var result = _store.Read(work);
        if (durable)
        {
            await _store.FlushAsync().ConfigureAwait(false);
        }

        return result;
    }

    private Task DeleteHubRowsAsync() => WriteAsync(db =>
    {
        foreach (var table in new[] { "history", "inbox", "activities", "instances" })
        {
            db.Exec($"DELETE FROM {table} WHERE hub = $hub", ("$hub", _hub));
        }

        return true;
    });

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>UTC ticks of a time DTFx or a caller gave: local times are converted, unspecified ones taken as UTC.</summary>
    private static long Ticks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;
}
