using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>
/// The file: one writer connection per service (writes queue in memory and are group-committed, see
/// <see cref="WriteAsync{T}"/>), a small pool of read connections, each with its prepared statements, and the
/// versioned schema. WAL, so reads never block the writer and an idle poll never takes the write lock.
/// </summary>
internal sealed partial class SqliteStore : IDisposable
{
    /// <summary>The newest schema version this build knows; a file with a newer one is refused.</summary>
    public const int SchemaVersion = 3;

    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly bool _pipelinedSync;
    private readonly TimeSpan _busyTimeout;
    private readonly ConcurrentBag<Db> _readers = new();
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Db? _writer;
    private Task? _checkpointer;
    private long _commits;
    private volatile bool _initialized;
    private volatile bool _disposed;

    public SqliteStore(string path, SqliteSynchronousMode synchronous, TimeSpan busyTimeout)
    {
        FullPath = System.IO.Path.GetFullPath(path);
        _busyTimeout = busyTimeout;
        _synchronous = synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
        _pipelinedSync = synchronous == SqliteSynchronousMode.Durable;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
    }

    public string FullPath { get; }

    /// <summary>Opens the file, creating it and its folder, and brings the schema up to date; idempotent.</summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FullPath)!);
            var writer = Open();
            try
            {
                Migrate(writer);
            }
            catch
            {
                writer.Dispose();
                throw;
            }

            // Checkpoints (copying the WAL into the database, with its fsyncs) run on a background connection so a
            // commit never pays for one; the writer only checkpoints itself if the WAL grows far beyond the usual.
            writer.Run("PRAGMA wal_autocheckpoint=16384");
            if (_pipelinedSync)
            {
                try
                {
                    StartSyncThread();
                }
                catch
                {
                    writer.Dispose();
                    throw;
                }
            }

            _writer = writer;

            _initialized = true;
            _checkpointer = Task.Run(CheckpointLoopAsync);
        }
        catch (SqliteException ex)
        {
            throw Map(ex);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a read connection (no transaction unless the work opens one).</summary>
    public T Read<T>(Func<Db, T> work)
    {
        ThrowIfNotReady();
        if (!_readers.TryTake(out var db))
        {
            db = Open();
        }

        var healthy = false;
        try
        {
            var result = work(db);
            healthy = true;
            return result;
        }
        catch (SqliteException ex)
        {
            throw Map(ex);
        }
        finally
        {
            if (healthy && !_disposed)
            {
                _readers.Add(db);
            }
            else
            {
                db.Dispose();
            }
        }
    }

    public Exception Map(SqliteException ex) => SqliteErrors.Map(ex, FullPath, _busyTimeout);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _closing.Cancel();
        try
        {
            _checkpointer?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // it stopped on the cancellation or on an error it already survived; nothing to report at close
        }

        StopSyncThread();

        _writeLock.Wait();
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        while (_readers.TryTake(out var db))
        {
            db.Dispose();
        }
    }

    private void ThrowIfNotReady()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw new InvalidOperationException("The SQLite store is used before it was initialized.");
        }
    }

    private Db Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();

            // The query-planner stability guarantee: without it SQLite re-compiles a cached statement whenever a bound
            // value that the planner may have looked at changes (every LIMIT $max, for one), which cost ~9% of the CPU
            // of a hello5 orchestration. All statements here plan the same for any binding.
            var rc = SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out int _);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            var db = new Db(connection);
            db.Run(string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout={(int)_busyTimeout.TotalMilliseconds}; PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous}; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;"));
            return db;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Migrate(Db db)
    {
        // A read first: a file already up to date is never write-locked by a starting process.
        var current = ReadVersion(db);
        if (current > SchemaVersion)
        {
            throw TooNew(current);
        }

        if (current == SchemaVersion)
        {
            return;
        }

        using var transaction = db.Connection.BeginTransaction(deferred: false);
        db.Transaction = transaction;
        try
        {
            db.Run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            current = ReadVersion(db); // another process may have migrated meanwhile
            if (current > SchemaVersion)
            {
                throw TooNew(current);
            }

            foreach (var (version, sql) in Scripts().Where(s => s.Version > current))
            {
                db.Run(sql);
                db.Run(string.Create(CultureInfo.InvariantCulture, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({version})"));
            }

            transaction.Commit();
        }
        finally
        {
            db.Transaction = null;
        }
    }

    private static int ReadVersion(Db db)
    {
        using var command = db.Connection.CreateCommand();
        command.Transaction = db.Transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private SqliteStoreUnavailableException TooNew(int version) => new(
        $"The database '{FullPath}' has schema version {version}, newer than this build of LoopFunctions.DurableTask.Sqlite understands ({SchemaVersion}). " +
        "It was written by a newer version: upgrade this program, or point it at another file.");

    private static IEnumerable<(int Version, string Sql)> Scripts()
    {
        const string prefix = "LoopFunctions.DurableTask.Sqlite.Schema.";
        var assembly = typeof(SqliteStore).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..];
            var version = int.Parse(file.AsSpan(0, file.IndexOf('-', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (version, reader.ReadToEnd());
        }
    }
}
