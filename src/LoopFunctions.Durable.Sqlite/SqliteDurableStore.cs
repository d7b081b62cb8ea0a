using System.Reflection;
using LoopFunctions.Durable.Storage;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Each episode commits in one transaction; several processes
/// on one machine may share the file (locks are rows with expiry, writes are <c>BEGIN IMMEDIATE</c>).
/// </summary>
/// <remarks>See <see cref="SqliteStoreOptions.Synchronous"/> for what survives a process crash and a power loss.</remarks>
public sealed partial class SqliteDurableStore : IDurableStore, IWorkNotifier, IAsyncDisposable
{
    /// <summary>The newest schema version this code knows; files with a newer one are refused.</summary>
    public const int SchemaVersion = 1;

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly string _hub;
    private readonly WorkSignal _signal = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<IGroupedWrite> _groupedWrites = new();
    private SqliteConnection? _writer;
    private int _draining;
    private volatile bool _initialized;

    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SqliteDurableStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _hub = options.HubName;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.GetFullPath(options.Path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path => _options.Path;

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_options.Path))!);
                var connection = OpenConnection();
                try
                {
                    Migrate(connection);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }

                _writer = connection;
                _initialized = true;
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(ex, _options);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task WaitForWorkAsync(WorkKind kind, TimeSpan maxWait, CancellationToken cancellationToken) =>
        _signal.WaitAsync(kind, maxWait, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
            DisposeProbe();
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }

            _initialized = false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var synchronous = _options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
        Execute(connection, null, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={(int)_options.BusyTimeout.TotalMilliseconds};");
        return connection;
    }

    private void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var current = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new StoreUnavailableException(
                $"The store '{_options.Path}' has schema version {current}, newer than this build understands ({SchemaVersion}). Upgrade LoopFunctions to use it.");
        }

        foreach (var (version, sql) in Scripts().Where(s => s.Version > current))
        {
            Execute(connection, transaction, sql);
            Execute(connection, transaction, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({version})");
        }

        transaction.Commit();
    }

    private static IEnumerable<(int Version, string Sql)> Scripts()
    {
        var assembly = typeof(SqliteDurableStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[(name.IndexOf(".Schema.", StringComparison.Ordinal) + ".Schema.".Length)..];
            var version = int.Parse(file.AsSpan(0, file.IndexOf('-', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (version, reader.ReadToEnd());
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
