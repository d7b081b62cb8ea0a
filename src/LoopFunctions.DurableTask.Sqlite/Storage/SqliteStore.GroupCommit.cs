using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>
/// Group commit: writes that arrive while a transaction is being committed wait in a queue and are committed together
/// in the next one (<c>BEGIN IMMEDIATE</c>), each inside its own savepoint, so one that fails (a lost lock, a duplicate
/// instance id) is rolled back and answered alone while the others commit. Throughput then grows with concurrency
/// instead of paying one commit per write; a lone write pays nothing extra (no savepoint).
/// </summary>
internal sealed partial class SqliteStore
{
    private const int MaxGroup = 128;

    private readonly ConcurrentQueue<IGroupedWrite> _queue = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _draining;

    /// <summary>Runs <paramref name="work"/> in a write transaction; completes after that transaction committed.</summary>
    /// <remarks><paramref name="work"/> runs on the writer connection and must only use the <see cref="Db"/> it is
    /// given. An exception it throws rolls back its own writes only and is rethrown to the caller.</remarks>
    public Task<T> WriteAsync<T>(Func<Db, T> work)
    {
        ThrowIfNotReady();
        var write = new GroupedWrite<T>(work);
        _queue.Enqueue(write);
        Drain();
        return write.Done.Task;
    }

    private void Drain()
    {
        while (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            try
            {
                while (!_queue.IsEmpty)
                {
                    var group = new List<IGroupedWrite>(Math.Min(_queue.Count, MaxGroup));
                    while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
                    {
                        group.Add(next);
                    }

                    RunGroup(group);
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }

            if (_queue.IsEmpty)
            {
                return; // otherwise a write arrived after the last look: drain it (unless another thread does)
            }
        }
    }

    private void RunGroup(List<IGroupedWrite> group)
    {
        _writeLock.Wait();
        try
        {
            var db = _writer ?? throw new ObjectDisposedException(nameof(SqliteStore));

            // BEGIN/COMMIT as cached statements rather than SqliteTransaction, which parses them anew every time.
            db.Exec("BEGIN IMMEDIATE");
            try
            {
                if (group.Count == 1)
                {
                    group[0].Run(db);
                }
                else
                {
                    for (var i = 0; i < group.Count; i++)
                    {
                        RunInSavepoint(db, group[i], i);
                    }
                }

                db.Exec("COMMIT");
            }
            catch
            {
                if (SQLitePCL.raw.sqlite3_get_autocommit(db.Connection.Handle) == 0)
                {
                    db.Exec("ROLLBACK");
                }

                throw;
            }

            Interlocked.Increment(ref _commits);
            foreach (var write in group)
            {
                write.Publish();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = ex is SqliteException sqlite ? Map(sqlite) : ex;
            foreach (var write in group)
            {
                write.Fail(error);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static readonly (string Savepoint, string Release, string RollbackTo)[] Savepoints =
        [.. Enumerable.Range(0, MaxGroup).Select(i => ("SAVEPOINT w" + i.ToString(CultureInfo.InvariantCulture),
            "RELEASE w" + i.ToString(CultureInfo.InvariantCulture), "ROLLBACK TO w" + i.ToString(CultureInfo.InvariantCulture)))];

    private static void RunInSavepoint(Db db, IGroupedWrite write, int index)
    {
        var (savepoint, release, rollbackTo) = Savepoints[index];
        db.Exec(savepoint);
        try
        {
            write.Run(db);
            db.Exec(release);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is SqliteException sqlite && SqliteErrors.IsUnavailable(sqlite)))
        {
            // This write alone is undone; if the rollback itself fails the whole group fails.
            db.Exec(rollbackTo);
            db.Exec(release);
            write.Fail(ex);
        }
    }

    private interface IGroupedWrite
    {
        void Run(Db db);

        void Publish();

        void Fail(Exception exception);
    }

    /// <summary>A write and its result, answered only after its group's transaction committed.</summary>
    private sealed class GroupedWrite<T>(Func<Db, T> work) : IGroupedWrite
    {
        private T? _result;
        private bool _ran;

        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(Db db)
        {
            _result = work(db);
            _ran = true;
        }

        public void Publish()
        {
            if (_ran)
            {
                Done.TrySetResult(_result!);
            }
        }

        public void Fail(Exception exception) => Done.TrySetException(exception);
    }
}
