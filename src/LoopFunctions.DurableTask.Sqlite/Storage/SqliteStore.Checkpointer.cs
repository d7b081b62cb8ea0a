using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>WAL checkpoints off the commit path.</summary>
internal sealed partial class SqliteStore
{
    /// <summary>Runs a passive checkpoint whenever commits happened since the last one (at most every 50 ms). Passive:
    /// it never waits for readers or the writer, and the writer keeps appending while it runs.</summary>
    private async Task CheckpointLoopAsync()
    {
        Db? db = null;
        long checkpointed = 0;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                await Task.Delay(50, _closing.Token).ConfigureAwait(false);
                var commits = Volatile.Read(ref _commits);
                if (commits == checkpointed)
                {
                    continue;
                }

                try
                {
                    db ??= Open();
                    db.Run("PRAGMA wal_checkpoint(PASSIVE)");
                    checkpointed = commits;
                }
                catch (SqliteException)
                {
                    // Busy or failing: the next round tries again, and the writer's own autocheckpoint is the backstop.
                    db?.Dispose();
                    db = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // closing
        }
        finally
        {
            db?.Dispose();
        }
    }
}
