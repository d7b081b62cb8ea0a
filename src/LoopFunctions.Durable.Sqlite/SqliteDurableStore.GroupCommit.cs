using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>
/// Group commit for the hot writes (completing episodes and activities): writes that arrive while another is being
/// committed wait in a queue and are committed together in the next transaction. Each runs inside its own savepoint,
/// so one that fails (a lost lock) is rolled back alone and answered with its own exception; the others commit.
/// Throughput then grows with concurrency instead of being one transaction per step.
/// </summary>
public sealed partial class SqliteDurableStore
{
    private const int MaxGroup = 256;

    private Task<T> GroupCommitAsync<T>(Func<T> work)
    {
        var write = new GroupedWrite<T>(work);
        _groupedWrites.Enqueue(write);
        _ = DrainAsync();
        return write.Done.Task;
    }

    private async Task DrainAsync()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            return; // the running drainer takes this write in its next group
        }

        try
        {
            while (!_groupedWrites.IsEmpty)
            {
                var group = new List<IGroupedWrite>();
                while (group.Count < MaxGroup && _groupedWrites.TryDequeue(out var next))
                {
                    group.Add(next);
                }

                try
                {
                    await WriteAsync(() => RunGroup(group), CancellationToken.None).ConfigureAwait(false);
                    group.ForEach(w => w.Publish());
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    group.ForEach(w => w.Fail(ex));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _draining, 0);
            if (!_groupedWrites.IsEmpty)
            {
                _ = DrainAsync(); // arrived after the last check
            }
        }
    }

    private bool RunGroup(List<IGroupedWrite> group)
    {
        for (var i = 0; i < group.Count; i++)
        {
            var name = "w" + i.ToString(CultureInfo.InvariantCulture);
            Exec("SAVEPOINT " + name);
            try
            {
                group[i].Run();
                Exec("RELEASE " + name);
            }
            catch (Exception ex) when (ex is DurableTaskException or SqliteException)
            {
                Exec("ROLLBACK TO " + name);
                Exec("RELEASE " + name);
                group[i].Fail(ex is SqliteException sqlite ? SqliteErrors.Map(sqlite, _options) : ex);
            }
        }

        return true;
    }

    private interface IGroupedWrite
    {
        void Run();

        void Publish();

        void Fail(Exception exception);
    }

    /// <summary>A write and its result, answered only after its group's transaction committed.</summary>
    private sealed class GroupedWrite<T>(Func<T> work) : IGroupedWrite
    {
        private T? _result;
        private bool _ran;

        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run()
        {
            _result = work();
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
