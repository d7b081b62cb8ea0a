using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>
/// The physical baseline: n small durable commits straight through Microsoft.Data.Sqlite, with the provider's default
/// settings (WAL, synchronous=NORMAL). The engine's figures are read against this: with extended sessions and the
/// provider's handoff a sequential step is two such commits (the episode's checkpoint, which also leases the activity
/// it schedules, and the activity's result, which also locks the instance it wakes), so raw/2 is its ceiling.
/// </summary>
internal static class SqliteRawScenario
{
    public static readonly Scenario Definition = new("sqlite-raw", 4_000, 4_000, _ => { }, (_, n) => RunAsync(n));

    private static Task<BenchResult> RunAsync(int n)
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-bench-raw-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "raw.db")};Pooling=false");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (payload) VALUES ($p)";
            var parameter = insert.Parameters.Add("$p", SqliteType.Text);
            var commits = new List<double>(n);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                parameter.Value = "{\"type\":\"TaskCompleted\",\"taskScheduledId\":" + i + "}";
                insert.ExecuteNonQuery();
                transaction.Commit();
                commits.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return Task.FromResult(new BenchResult("sqlite-raw", "sqlite", n, Math.Round(seconds, 3), Math.Round(n / seconds, 1), BenchResult.Percentile(commits, 50), BenchResult.Percentile(commits, 99), Hosting.BenchContext.RssMegabytes()));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
