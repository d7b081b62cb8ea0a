using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Storage;

/// <summary>A store written before the compact row format (every event and message type-named) keeps working: its
/// instances resume, new rows are compact, and one history may mix both.</summary>
public sealed class RowFormatTests
{
    [Fact]
    public async Task Resume_StoreWrittenInTheTypeNamedFormat_CompletesAndMixesBothFormats()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "old-running", "x");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("old-running"))?.OrchestrationStatus == OrchestrationStatus.Running));
        await hub.StopWorkerAsync();

        // Pending work as the old build left it: a raised event for the running instance, a start not yet taken.
        await hub.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = "old-running" }, "go", "later");
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "old-pending", "p");
        Assert.True(RewriteTypeNamed(hub.DbPath) >= 5);
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM history WHERE event_json LIKE '{\"v\":%'"));
        Assert.Equal(0L, hub.Sql("SELECT count(*) FROM inbox WHERE message_json LIKE '{\"v\":%'"));

        await hub.StartWorkerAsync();
        var running = await hub.WaitAsync("old-running");
        var pending = await hub.WaitAsync("old-pending");

        Assert.Equal((OrchestrationStatus.Completed, "\"x:later\""), (running.OrchestrationStatus, running.Output));
        Assert.Equal((OrchestrationStatus.Completed, "\"echo:p\""), (pending.OrchestrationStatus, pending.Output));
        Assert.True((long)hub.Sql("SELECT count(*) FROM history WHERE instance_id = 'old-running' AND event_json LIKE '{\"$type\":%'")! > 0);
        Assert.True((long)hub.Sql("SELECT count(*) FROM history WHERE instance_id = 'old-running' AND event_json LIKE '{\"v\":1,%'")! > 0);
        var history = await hub.Service.GetOrchestrationHistoryAsync("old-running", null!);
        Assert.DoesNotContain("{\"v\":", history, StringComparison.Ordinal);
        Assert.Contains("DurableTask.Core.History.EventRaisedEvent", history, StringComparison.Ordinal);
        Assert.Contains("DurableTask.Core.History.ExecutionCompletedEvent", history, StringComparison.Ordinal);
    }

    /// <summary>Rewrites every stored event and message of the file in the type-named format, as the build before the
    /// compact format stored them; returns the number of rows rewritten.</summary>
    private static int RewriteTypeNamed(string path)
    {
        using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=false");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var rewritten = 0;
        foreach (var (table, keyColumns, column, typed) in new (string, string, string, Func<string, string>)[]
        {
            ("history", "hub, instance_id, execution_id, seq", "event_json", row => DurableJson.SerializeTypeNamed(DurableJson.ReadEvent(row))),
            ("inbox", "id", "message_json", row => DurableJson.SerializeTypeNamed(DurableJson.ReadMessage(row))),
            ("activities", "id", "message_json", row => DurableJson.SerializeTypeNamed(DurableJson.ReadMessage(row))),
        })
        {
            var rows = new List<(object[] Key, string Json)>();
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {keyColumns}, {column} FROM {table}";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var values = new object[reader.FieldCount];
                    reader.GetValues(values);
                    rows.Add((values[..^1], (string)values[^1]));
                }
            }

            var names = keyColumns.Split(", ");
            foreach (var (keyValues, json) in rows)
            {
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE {table} SET {column} = $json WHERE " + string.Join(" AND ", names.Select((n, i) => $"{n} = $k{i}"));
                update.Parameters.AddWithValue("$json", typed(json));
                for (var i = 0; i < names.Length; i++)
                {
                    update.Parameters.AddWithValue("$k" + i, keyValues[i]);
                }

                rewritten += update.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return rewritten;
    }
}
