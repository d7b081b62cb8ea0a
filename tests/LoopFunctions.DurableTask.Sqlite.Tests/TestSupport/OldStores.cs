using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>Files as an older build left them: its schema scripts only, its version, and rows it could have written
/// (type-named JSON): a Pending orchestration "plain" and an entity row "@counter@old", each with a message waiting.</summary>
internal static class OldStores
{
    private static readonly string[] Scripts = ["001-initial.sql", "002-compact-rows.sql"];

    public static void Write(string path, int version, string hub = "test")
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        var assembly = typeof(SqliteOrchestrationService).Assembly;
        foreach (var script in Scripts.Take(version))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream("LoopFunctions.DurableTask.Sqlite.Schema." + script)!);
            Execute(connection, reader.ReadToEnd());
        }

        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES ({version});"));
        var plain = new OrchestrationInstance { InstanceId = "plain", ExecutionId = "e1" };
        foreach (var (id, status, message) in new[]
        {
            ("plain", 6, new TaskMessage { OrchestrationInstance = plain, Event = new ExecutionStartedEvent(-1, "\"x\"") { Name = "x", OrchestrationInstance = plain } }),
            ("@counter@old", 0, ClientEntityHelpers.EmitOperationSignal(new OrchestrationInstance { InstanceId = "@counter@old" }, Guid.NewGuid(), "add", "1", null).AsTaskMessage()),
        })
        {
            using var instance = connection.CreateCommand();
            instance.CommandText = "INSERT INTO instances (hub, instance_id, execution_id, name, status, created_at, last_updated_at, next_visible_at) VALUES ($hub, $id, 'e1', 'x', $status, 1, 1, 0)";
            instance.Parameters.AddWithValue("$hub", hub);
            instance.Parameters.AddWithValue("$id", id);
            instance.Parameters.AddWithValue("$status", status);
            instance.ExecuteNonQuery();
            using var inbox = connection.CreateCommand();
            inbox.CommandText = "INSERT INTO inbox (hub, instance_id, event_type, visible_at, message_json) VALUES ($hub, $id, $type, 0, $json)";
            inbox.Parameters.AddWithValue("$hub", hub);
            inbox.Parameters.AddWithValue("$id", id);
            inbox.Parameters.AddWithValue("$type", (int)message.Event.EventType);
            inbox.Parameters.AddWithValue("$json", JsonConvert.SerializeObject(message, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Objects }));
            inbox.ExecuteNonQuery();
        }
    }

    public static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
