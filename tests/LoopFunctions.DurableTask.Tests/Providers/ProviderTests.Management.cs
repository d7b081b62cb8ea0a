using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    private static void Waiting(DurableTaskRegistry r) =>
        r.AddOrchestratorFunc<string>("Waiting", ctx => ctx.WaitForExternalEvent<string>("go"));

    [Fact]
    public async Task SuspendInstanceAsync_EventWhileSuspended_HeldUntilResumed()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "resumed fine");
        await host.WaitForHistoryAsync(id, h => h.OfType<EventRaisedEvent>().Any());
        var whileSuspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id, "done");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("resumed fine", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_Running_TerminatedWithOutput()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, "no longer needed");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("no longer needed", result.ReadOutputAs<string>());
        var again = await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.TerminateInstanceAsync(id));
        Assert.True(again.IsTerminal);
        await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.RaiseEventAsync(id, "go"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.TerminateInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task TerminateInstanceAsync_PendingUntilStartAt_TerminatedWithoutRunning()
    {
        var ran = 0;
        var host = await StartAsync(r => r.AddOrchestratorFunc<string>("Later", _ =>
        {
            Interlocked.Increment(ref ran);
            return Task.FromResult("ran");
        }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Later", new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddHours(1)));

        await host.Client.TerminateInstanceAsync(id, "cancelled");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task TerminateInstanceAsync_Suspended_Terminated()
    {
        var host = await StartAsync(Waiting);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await host.Client.SuspendInstanceAsync(id);
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);

        await host.Client.TerminateInstanceAsync(id, "stop it");
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
    }

    [Fact]
    public async Task RewindInstanceAsync_FailedInstance_RerunsOnlyTheFailedActivity()
    {
        var steps = 0;
        var flaky = 0;
        var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Step", (_, x) => x + Interlocked.Increment(ref steps))
            .AddActivityFunc<string, string>("FailsOnce", (_, _) => Interlocked.Increment(ref flaky) == 1 ? Throw<string>(new InvalidOperationException("first try")) : "second try")
            .AddOrchestratorFunc<string>("Rewindable", async ctx => $"{await ctx.CallActivityAsync<int>("Step", 10)}|{await ctx.CallActivityAsync<string>("FailsOnce")}"));
        var failed = await host.RunAsync("Rewindable", null, "rewind-me");

        await host.Client.RewindInstanceAsync("rewind-me", "fixed");
        var result = await host.WaitUntilAsync("rewind-me", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("11|second try", result.ReadOutputAs<string>());
        Assert.Equal(1, steps);
        Assert.Equal(2, flaky);
    }

    [Fact]
    public async Task RewindInstanceAsync_NotFailed_Refused()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Echo", (_, x) => Task.FromResult(x)));
        await host.RunAsync("Echo", 1, "fine");

        var ex = await Assert.ThrowsAsync<OrchestrationStatusConflictException>(() => host.Client.RewindInstanceAsync("fine", "why"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, ex.RuntimeStatus);
    }

    [Fact]
    public async Task TerminateInstanceAsync_Recursive_TerminatesLiveChildrenToo()
    {
        var host = await StartAsync(r => Waiting(r.AddOrchestratorFunc<string>("Holder", ctx =>
            ctx.CallSubOrchestratorAsync<string>("Waiting", options: new SubOrchestrationOptions { InstanceId = "held-child" }))));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Holder", new StartOrchestrationOptions("holder"));
        await host.WaitUntilAsync("held-child", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("enough", Recursive: true));
        var parent = await host.WaitAsync(id);
        var child = await host.WaitAsync("held-child");
        var purged = await host.Client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
        Assert.Equal(2, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync("held-child"));
    }

    [Fact]
    public async Task RaiseEventAsync_OversizedPayload_RefusedAndNothingSent()
    {
        var host = await StartAsync(Waiting, options: o => o.MaxPayloadBytes = 1024);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiting");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => host.Client.RaiseEventAsync(id, "go", new string('x', 2000)));
        await host.Client.RaiseEventAsync(id, "go", "small");
        var result = await host.WaitAsync(id);

        Assert.Equal("small", result.ReadOutputAs<string>());
    }
}
