using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task RestartAsync_CompletedInstance_RunsAgainWithOriginalInput()
    {
        var runs = 0;
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Count", (_, x) => x + Interlocked.Increment(ref runs))
            .AddOrchestratorFunc<int, int>("Once", (ctx, x) => ctx.CallActivityAsync<int>("Count", x)));
        var first = await host.RunAsync("Once", 100, "restart-me");

        var sameId = await host.Client.RestartAsync("restart-me");
        var second = await host.WaitAsync(sameId);
        var newId = await host.Client.RestartAsync("restart-me", restartWithNewInstanceId: true);
        var third = await host.WaitAsync(newId);

        Assert.Equal("restart-me", sameId);
        Assert.NotEqual("restart-me", newId);
        Assert.Equal([101, 102, 103], new[] { first, second, third }.Select(m => m.ReadOutputAs<int>()));
        Assert.Equal(100, third.ReadInputAs<int>());
    }

    [Fact]
    public async Task RestartAsync_LiveInstanceSameId_Refused()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.RestartAsync(id));
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_LiveDuplicateId_Refused()
    {
        var host = await StartAsync(Waiting);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("dup"));

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting", new StartOrchestrationOptions("dup") { DedupeStatuses = ["Completed"] }));

        Assert.Contains("'dup'", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_EveryStatusAsDedupe_RefusesACompletedId()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "once");

        var ex = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Echo", 2, new StartOrchestrationOptions("once") { DedupeStatuses = Enum.GetNames<OrchestrationRuntimeStatus>() }));

        var kept = await host.Client.GetInstanceAsync("once", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ex.RuntimeStatus);
        Assert.Equal(1, kept!.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_TerminalDuplicateNotInDedupe_ReplacesInstance()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "reuse");

        var second = await host.RunAsync("Echo", 2, "reuse");
        var history = await host.Client.GetOrchestrationHistoryAsync("reuse");

        Assert.Equal(2, second.ReadOutputAs<int>());
        Assert.Equal(2, second.ReadInputAs<int>());
        Assert.Single(history.OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_OversizedInput_RefusedAndNothingStored()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<string, string>("Echo", (_, s) => Task.FromResult(s!)), options: o => o.MaxPayloadBytes = 1024);

        var ex = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new string('x', 2000), new StartOrchestrationOptions("too-big")));

        Assert.Contains("over the limit of 1,024 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Null(await host.Client.GetInstanceAsync("too-big"));
    }
}
