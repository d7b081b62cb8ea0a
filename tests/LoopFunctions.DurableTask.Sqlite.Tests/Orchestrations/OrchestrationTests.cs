using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Orchestrations;

/// <summary>The provider through DTFx itself: TaskHubWorker and TaskHubClient on a real SQLite file.</summary>
public sealed class OrchestrationTests
{
    [Fact]
    public async Task Activity_OneCall_CompletesWithItsResult()
    {
        await using var hub = await TestHub.StartAsync();
        var state = await hub.RunAsync(typeof(TestOrchestrations.Hello), "hi");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"echo:hi\"", state.Output);
        Assert.Equal("\"hi\"", state.Input);
        Assert.Equal(DateTimeKind.Utc, state.CreatedTime.Kind);
        Assert.True(state.CompletedTime >= state.CreatedTime);
    }

    [Fact]
    public async Task Activities_SequentialWithoutSessions_EveryStepReplaysAndCompletes()
    {
        await using var hub = await TestHub.StartAsync(s => s.ExtendedSessionsEnabled = false);
        var id = Guid.NewGuid().ToString("N");
        var state = await hub.RunAsync(typeof(TestOrchestrations.Sequential), 20, id);
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("20", state.Output);
        Assert.Equal(21, TestOrchestrations.Executions[id]);
    }

    [Fact]
    public async Task Activities_FanOut_AllResultsArrive()
    {
        await using var hub = await TestHub.StartAsync();
        var state = await hub.RunAsync(typeof(TestOrchestrations.FanOut), 300);
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal((300 * 301 / 2).ToString(System.Globalization.CultureInfo.InvariantCulture), state.Output);
    }

    [Fact]
    public async Task Activities_FanOutOverTheEpisodeCap_EpisodeIsSplitAndAllResultsArrive()
    {
        await using var hub = await TestHub.StartAsync(s => s.MaxMessagesPerEpisode = 40);
        var id = Guid.NewGuid().ToString("N");
        var state = await hub.RunAsync(typeof(TestOrchestrations.FanOut), 130, id);
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal((130 * 131 / 2).ToString(System.Globalization.CultureInfo.InvariantCulture), state.Output);
        var history = await hub.Service.GetOrchestrationHistoryAsync(id, null!);
        Assert.Contains("\"TimerId\":-100", history, StringComparison.Ordinal); // the split's internal timer
    }

    [Fact]
    public async Task Timer_Due_FiresNoEarlierThanItsTime()
    {
        await using var hub = await TestHub.StartAsync();
        var started = DateTime.UtcNow;
        var state = await hub.RunAsync(typeof(TestOrchestrations.Timer), 300);
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.StartsWith("\"fired@", state.Output, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Timer_FiresWhileNoWorkerRuns_NewWorkerCompletesIt()
    {
        // The provider's clock moves only when the test moves it, so the timer cannot come due before the worker has
        // stopped, however slowly a loaded machine gets there (DTFx stamps the timer with the wall clock).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var hub = await TestHub.StartAsync(s => s.TimeProvider = clock);
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Timer), "t1", 1500);
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("t1"))?.OrchestrationStatus == OrchestrationStatus.Running));
        await hub.StopWorkerAsync();
        await hub.Service.StopAsync();

        clock.Advance(TimeSpan.FromMinutes(5)); // the timer comes due while nothing runs
        Assert.Equal(OrchestrationStatus.Running, (await hub.StateAsync("t1"))!.OrchestrationStatus);
        await hub.StartWorkerAsync();

        // The provider's wait counts its timeout on the frozen clock: the test's own deadline is wall time.
        var state = await hub.WaitAsync(instance.InstanceId).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
    }

    [Fact]
    public async Task Event_RaisedBeforeItIsAwaited_IsDelivered()
    {
        await using var hub = await TestHub.StartAsync();
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.ActivityThenEvent), "e1", 300);
        Assert.True(await Poll.UntilAsync(() => TestActivities.SlowRuns.ContainsKey("e1")));
        await hub.Client.RaiseEventAsync(instance, "go", "early");
        var state = await hub.WaitAsync("e1");
        Assert.Equal("\"early\"", state.Output);
    }

    [Fact]
    public async Task Event_RaisedAtOnce_IsDelivered()
    {
        await using var hub = await TestHub.StartAsync();
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "w1", "in");
        await hub.Client.RaiseEventAsync(instance, "go", "payload");
        var state = await hub.WaitAsync("w1");
        Assert.Equal("\"in:payload\"", state.Output);
    }

    [Fact]
    public async Task SubOrchestration_Completes_ParentSeesItsResult()
    {
        await using var hub = await TestHub.StartAsync();
        var state = await hub.RunAsync(typeof(TestOrchestrations.Parent), "child-1", "parent-1");
        Assert.Equal("\"parent:echo:from-parent\"", state.Output);
        var child = await hub.StateAsync("child-1");
        Assert.Equal(OrchestrationStatus.Completed, child!.OrchestrationStatus);
        Assert.Equal("parent-1", child.ParentInstance.OrchestrationInstance.InstanceId);
    }

    [Fact]
    public async Task SubOrchestration_IdOfAnEndedInstance_ReplacesItAndParentSeesTheNewResult()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RunAsync(typeof(TestOrchestrations.Hello), "old", "child-2");
        var state = await hub.RunAsync(typeof(TestOrchestrations.Parent), "child-2", "parent-2");
        Assert.Equal("\"parent:echo:from-parent\"", state.Output);
        Assert.Equal(typeof(TestOrchestrations.Child).ToString(), (await hub.StateAsync("child-2"))!.Name);
    }

    [Fact]
    public async Task SubOrchestration_IdOfALiveInstance_ParentIsAnsweredWithAFailure()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "child-3", "busy");
        Assert.True(await Poll.UntilAsync(async () => (await hub.StateAsync("child-3"))?.OrchestrationStatus == OrchestrationStatus.Running));
        var state = await hub.RunAsync(typeof(TestOrchestrations.Parent), "child-3", "parent-3");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Contains("already exists and is Running", state.Output, StringComparison.Ordinal);
        Assert.Equal(OrchestrationStatus.Running, (await hub.StateAsync("child-3"))!.OrchestrationStatus);
    }

    [Fact]
    public async Task ContinueAsNew_EventsWaitingWithTheStart_AreCarriedIntoLaterGenerations()
    {
        // Raised before any worker runs, the three events reach the first generation in one batch with its start: it
        // takes one and continues as new, and DTFx carries the other two into the next generations. (Events raised
        // with the first generation's execution id after it continued would be dropped by DTFx, by design.)
        await using var hub = await TestHub.StartAsync(startWorker: false);
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Accumulator), "acc", (3, 0L));
        await hub.Client.RaiseEventAsync(instance, "add", "1");
        await hub.Client.RaiseEventAsync(instance, "add", "20");
        await hub.Client.RaiseEventAsync(instance, "add", "300");
        await hub.StartWorkerAsync();
        var state = await hub.WaitAsync("acc");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("321", state.Output);
        Assert.NotEqual(instance.ExecutionId, state.OrchestrationInstance.ExecutionId);
        var history = await hub.Service.GetOrchestrationHistoryAsync("acc", null!);
        Assert.DoesNotContain("\"Input\":\"\\\"1\\\"\"", history, StringComparison.Ordinal); // the first generation's history is gone
    }
}
