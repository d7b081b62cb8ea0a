using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Orchestrations;

/// <summary>Several hubs in one file, instance state details, and waiting.</summary>
public sealed class HubTests
{
    [Fact]
    public async Task TwoHubsInOneFile_SameInstanceId_NeitherSeesTheOther()
    {
        await using var a = await TestHub.StartAsync(s => s.TaskHubName = "hub-a");
        await using var b = await TestHub.StartAsync(s => s.TaskHubName = "hub-b", sharedFolder: a.Folder);
        var inA = await a.RunAsync(typeof(TestOrchestrations.Hello), "from-a", "same-id");
        var inB = await b.RunAsync(typeof(TestOrchestrations.Hello), "from-b", "same-id");
        Assert.Equal("\"echo:from-a\"", inA.Output);
        Assert.Equal("\"echo:from-b\"", inB.Output);
        Assert.Equal("\"echo:from-a\"", (await a.StateAsync("same-id"))!.Output);
        Assert.Equal(1, (await a.Service.PurgeInstanceStateAsync("same-id")).DeletedInstanceCount);
        Assert.NotNull(await b.StateAsync("same-id"));
    }

    [Fact]
    public async Task State_CreatedWithTagsAndVersion_ReadsThemBack()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello).ToString(), "", "tagged", "x", new Dictionary<string, string> { ["team"] = "loops" });
        var state = await hub.StateAsync("tagged");
        Assert.Equal("loops", state!.Tags["team"]);
        Assert.Equal(OrchestrationStatus.Pending, state.OrchestrationStatus);
        Assert.Equal(DateTimeKind.Utc, state.CreatedTime.Kind);
        Assert.Equal(DateTime.MaxValue, state.CompletedTime);
    }

    [Fact]
    public async Task WaitForOrchestration_MaxValueTimeout_ReturnsWhenCompleted()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "forever", "x");
        var wait = hub.Service.WaitForOrchestrationAsync("forever", null!, TimeSpan.MaxValue, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        await hub.StartWorkerAsync();
        var state = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
    }

    [Fact]
    public async Task WaitForOrchestration_NotEndedInTime_ReturnsNull()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "never", "x");
        Assert.Null(await hub.Service.WaitForOrchestrationAsync("never", null!, TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }
}
