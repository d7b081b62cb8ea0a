using LoopFunctions.DurableTask.Sqlite.Storage;
using SQLitePCL;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Storage;

public sealed class StatementCacheTests
{
    /// <summary>SQLITE_STMTSTATUS_REPREPARE in sqlite3.h (SQLitePCLRaw has no constant for it).</summary>
    private const int StatementStatusReprepare = 5;

    /// <summary>SQLite re-compiles a statement whose plan may depend on a bound value (a <c>LIMIT $max</c>) each time
    /// that value changes, unless the query-planner stability guarantee is on; the store turns it on for every
    /// connection, so its cached statements stay compiled.</summary>
    [Fact]
    public async Task Read_LimitBoundToChangingValues_IsNeverRecompiled()
    {
        var folder = Directory.CreateTempSubdirectory("dtfx-sqlite-").FullName;
        try
        {
            using var store = new SqliteStore(Path.Combine(folder, "qpsg.db"), SqliteSynchronousMode.Normal, TimeSpan.FromSeconds(10));
            await store.EnsureInitializedAsync();

            var reprepares = store.Read(db =>
            {
                Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db.Connection.Handle,
                    "SELECT id FROM inbox WHERE hub = ?1 AND visible_at <= ?2 ORDER BY id LIMIT ?3", out sqlite3_stmt statement));
                using (statement)
                {
                    for (var limit = 1; limit <= 5; limit++)
                    {
                        raw.sqlite3_bind_text(statement, 1, "hub");
                        raw.sqlite3_bind_int64(statement, 2, limit);
                        raw.sqlite3_bind_int(statement, 3, limit);
                        Assert.Equal(raw.SQLITE_DONE, raw.sqlite3_step(statement));
                        raw.sqlite3_reset(statement);
                    }

                    return raw.sqlite3_stmt_status(statement, StatementStatusReprepare, 0);
                }
            });

            Assert.Equal(0, reprepares);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
