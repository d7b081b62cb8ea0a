using Azure.Data.Tables;
using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask.Client;
using LoopFunctions.DurableTask.AzureStorage;

namespace LoopFunctions.DurableTask.Tests.AzureStorage;

/// <summary>What Durable Functions' own tools read: the task hub's Instances and History tables, straight from
/// storage, with their column names.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskHubTablesTests(AzuriteFixture azurite)
{
    private readonly AzureStorageTestHubs _hubs = new(azurite);

    [Fact]
    public async Task FinishedInstance_RowsInInstancesAndHistoryTables_HaveDurableFunctionsColumns()
    {
        var hub = _hubs.NewHubName();
        await using var host = await TestHost.StartAsync(new TestHostSpec(
            b => b.UseAzureStorage(_hubs.ConnectionString, s => AzureStorageTestHubs.Fast(s, hub, extendedSessions: null)),
            r => r
                .AddActivityFunc<string, string>("Shout", (_, s) => s!.ToUpperInvariant())
                .AddOrchestratorFunc<string, string>("Shouter", (ctx, s) => ctx.CallActivityAsync<string>("Shout", s))));
        var before = DateTime.UtcNow.AddSeconds(-5);
        var result = await host.RunAsync("Shouter", "hello", "tables-1");

        var tables = new TableServiceClient(_hubs.ConnectionString);
        var instance = (await tables.GetTableClient(hub + "Instances").GetEntityAsync<TableEntity>("tables-1", "")).Value;
        var history = tables.GetTableClient(hub + "History").Query<TableEntity>(e => e.PartitionKey == "tables-1")
            .Where(e => e.GetString("EventType") is not null) // the hub's sentinel row carries no event
            .OrderBy(e => e.RowKey, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Completed", instance.GetString("RuntimeStatus"));
        Assert.Equal("Shouter", instance.GetString("Name"));
        Assert.Equal("\"hello\"", instance.GetString("Input"));
        Assert.Equal("\"HELLO\"", instance.GetString("Output"));
        Assert.InRange(instance.GetDateTimeOffset("CreatedTime")!.Value.UtcDateTime, before, DateTime.UtcNow);
        Assert.True(instance.GetDateTimeOffset("LastUpdatedTime") >= instance.GetDateTimeOffset("CreatedTime"));
        Assert.False(string.IsNullOrEmpty(instance.GetString("ExecutionId")));

        var types = history.Select(e => e.GetString("EventType")).ToList();
        Assert.Contains("ExecutionStarted", types);
        Assert.Contains("TaskScheduled", types);
        Assert.Contains("TaskCompleted", types);
        Assert.Equal("ExecutionCompleted", types.Last(t => t is not "OrchestratorCompleted"));
        var scheduled = history.Single(e => e.GetString("EventType") == "TaskScheduled");
        Assert.Equal("Shout", scheduled.GetString("Name"));
        Assert.All(history, e => Assert.Equal(instance.GetString("ExecutionId"), e.GetString("ExecutionId")));
        Assert.Equal("\"HELLO\"", history.Single(e => e.GetString("EventType") == "ExecutionCompleted").GetString("Result"));
    }
}
