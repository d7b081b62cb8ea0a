using DurableTask.Core;
using DurableTask.Core.Query;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Query;

public sealed class QueryTests
{
    [Fact]
    public async Task GetOrchestrationWithQuery_PagesWhileInstancesAreCreated_NeverSkipsOrRepeats()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        for (var i = 0; i < 25; i++)
        {
            await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), $"q-{i:D2}", "x");
        }

        var seen = new List<string>();
        string? token = null;
        var page = 0;
        do
        {
            var result = await hub.Service.GetOrchestrationWithQueryAsync(new OrchestrationQuery { PageSize = 7, ContinuationToken = token, InstanceIdPrefix = "q-" }, CancellationToken.None);
            seen.AddRange(result.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
            token = result.ContinuationToken;
            await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), $"q-new-{page++}", "x"); // created after the pages read so far
        }
        while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        for (var i = 0; i < 25; i++)
        {
            Assert.Contains($"q-{i:D2}", seen);
        }
    }

    [Fact]
    public async Task GetOrchestrationWithQuery_Filters_SelectOnlyMatches()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "done-a");
        var between = DateTime.UtcNow;
        await hub.Client.CreateScheduledOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "later-b", "x", DateTime.UtcNow.AddHours(1));
        await hub.Client.CreateScheduledOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "later-c", "big-input", DateTime.UtcNow.AddHours(1));

        var pending = await Query(hub, new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Pending] });
        Assert.Equal(["later-b", "later-c"], pending.Select(s => s.OrchestrationInstance.InstanceId).Order(StringComparer.Ordinal));
        var recent = await Query(hub, new OrchestrationQuery { CreatedTimeFrom = between });
        Assert.DoesNotContain(recent, s => s.OrchestrationInstance.InstanceId == "done-a");
        var old = await Query(hub, new OrchestrationQuery { CreatedTimeTo = between });
        Assert.Equal("done-a", Assert.Single(old).OrchestrationInstance.InstanceId);
        var prefixed = await Query(hub, new OrchestrationQuery { InstanceIdPrefix = "later-", FetchInputsAndOutputs = false });
        Assert.Equal(2, prefixed.Count);
        Assert.All(prefixed, s => Assert.Null(s.Input));
        var withInputs = await Query(hub, new OrchestrationQuery { InstanceIdPrefix = "later-c" });
        Assert.Equal("\"big-input\"", Assert.Single(withInputs).Input);
        var otherHub = await Query(hub, new OrchestrationQuery { TaskHubNames = ["other"] });
        Assert.Empty(otherHub);
    }

    [Fact]
    public async Task PurgeInstanceState_ById_DeletesEndedInstanceAndAllItsRows()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "purge-1");
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "purge-live", "x");
        Assert.Equal(1, (await hub.Service.PurgeInstanceStateAsync("purge-1")).DeletedInstanceCount);
        Assert.Equal(0, (await hub.Service.PurgeInstanceStateAsync("purge-live")).DeletedInstanceCount);
        Assert.Null(await hub.StateAsync("purge-1"));
        Assert.NotNull(await hub.StateAsync("purge-live"));
        Assert.Equal(0L, Scalar(hub, "SELECT count(*) FROM history WHERE instance_id = 'purge-1'"));
    }

    [Fact]
    public async Task PurgeInstanceState_ByFilter_DeletesOnlyMatchingEndedInstances()
    {
        await using var hub = await TestHub.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", $"pf-{i}");
        }

        var cut = DateTime.UtcNow;
        await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "pf-late");
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "pf-live", "x");
        var result = await hub.Service.PurgeInstanceStateAsync(new PurgeInstanceFilter(DateTime.UtcNow.AddHours(-1), cut, [OrchestrationStatus.Completed]));
        Assert.Equal(5, result.DeletedInstanceCount);
        Assert.True(result.IsComplete);
        Assert.NotNull(await hub.StateAsync("pf-late"));
        Assert.NotNull(await hub.StateAsync("pf-live"));

        await hub.Service.PurgeOrchestrationHistoryAsync(DateTime.UtcNow.AddMinutes(1), OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter);
        Assert.Null(await hub.StateAsync("pf-late"));
        Assert.NotNull(await hub.StateAsync("pf-live"));
    }

    [Fact]
    public async Task GetOrchestrationHistory_Completed_IsAJsonArrayOfEventsWithEventType()
    {
        await using var hub = await TestHub.StartAsync();
        var state = await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "hist-1");
        var json = Newtonsoft.Json.Linq.JArray.Parse(await hub.Service.GetOrchestrationHistoryAsync("hist-1", state.OrchestrationInstance.ExecutionId));
        Assert.All(json, e => Assert.NotNull(e["EventType"]));
        Assert.Contains(json, e => (int)e["EventType"]! == (int)global::DurableTask.Core.History.EventType.TaskCompleted);
        Assert.Equal("[]", await hub.Service.GetOrchestrationHistoryAsync("hist-1", "another-execution"));
    }

    private static async Task<List<OrchestrationState>> Query(TestHub hub, OrchestrationQuery query) =>
        [.. (await hub.Service.GetOrchestrationWithQueryAsync(query, CancellationToken.None)).OrchestrationState];

    private static long Scalar(TestHub hub, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + hub.DbPath);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
