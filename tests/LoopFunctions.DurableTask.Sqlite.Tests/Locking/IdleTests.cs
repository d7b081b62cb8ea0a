using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Locking;

public sealed class IdleTests
{
    [Fact]
    public async Task IdleWorker_PollingForWork_NeverWritesTheFile()
    {
        await using var hub = await TestHub.StartAsync(s => s.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(50));
        await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "before-idle"); // the worker has done work and gone idle
        using var observer = new SqliteConnection("Data Source=" + hub.DbPath + ";Pooling=false");
        observer.Open();
        var before = DataVersion(observer);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // many polls and owner checks happen in this second and a half
        Assert.Equal(before, DataVersion(observer)); // data_version moves when any other connection commits
    }

    private static long DataVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)command.ExecuteScalar()!;
    }
}
