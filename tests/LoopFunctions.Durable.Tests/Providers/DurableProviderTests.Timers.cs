using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.Providers;

public abstract partial class DurableProviderTests
{
    [Fact]
    public async Task CreateTimer_ShortDelay_FiresAndCompletes()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Sleeper", async ctx =>
            {
                var start = ctx.CurrentUtcDateTime;
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                return ctx.CurrentUtcDateTime >= start.AddMilliseconds(100) ? "late enough" : "too early";
            }));

        var result = await host.RunAsync("Sleeper");

        Assert.Equal("late enough", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CreateTimer_FarInFuture_FiresAfterRestart()
    {
        var clock = new ManualTimeProvider();
        var store = CreateStore(clock);
        void Tasks(DurableTaskRegistry r) => r.AddOrchestratorFunc<string>("LongWait", async ctx =>
        {
            await ctx.CreateTimer(TimeSpan.FromDays(30), CancellationToken.None);
            return "woke up";
        });

        string id;
        await using (var first = await TestHost.StartAsync(store, Tasks, time: clock))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("LongWait");
            await first.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
            var history = await first.Client.GetHistoryAsync(id);
            Assert.Single(history.OfType<History.TimerCreatedEvent>());
        }

        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        await using var second = await StartAsync(Tasks, time: clock, store: Reopen(store, clock));

        var result = await second.WaitAsync(id);

        Assert.Equal("woke up", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_StartAtInFuture_StaysPendingUntilDue()
    {
        var clock = new ManualTimeProvider();
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<string>("Now", ctx => Task.FromResult("started")), time: clock);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Now", null, new StartOrchestrationOptions(StartAt: clock.GetUtcNow().AddHours(1)));
        var pending = await host.Client.GetInstanceAsync(id);
        clock.Advance(TimeSpan.FromHours(1));
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal("started", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeStart_IsBufferedAndDeliveredInOrder()
    {
        await using var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Noop", (_, s) => s)
                .AddOrchestratorFunc<string>("Waiter", async ctx =>
                {
                    await ctx.CallActivityAsync<string>("Noop", "x");
                    var first = await ctx.WaitForExternalEvent<string>("go");
                    var second = await ctx.WaitForExternalEvent<string>("GO");
                    return first + second;
                }),
            startWorker: false);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.RaiseEventAsync(id, "go", "a");
        await host.Client.RaiseEventAsync(id, "go", "b");
        await host.Worker.StartAsync(CancellationToken.None);

        var result = await host.WaitAsync(id);

        Assert.Equal("ab", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_NoEventWithinTimeout_ThrowsTaskCanceled()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Impatient", async ctx =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(50));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            }));

        var result = await host.RunAsync("Impatient");

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeTimeout_ReturnsPayload()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<int>("Approval", ctx => ctx.WaitForExternalEvent<int>("approve", TimeSpan.FromDays(1))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await host.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "approve", 42);
        var result = await host.WaitAsync(id);

        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task SendEvent_ToAnotherInstance_IsReceived()
    {
        await using var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Receiver", ctx => ctx.WaitForExternalEvent<string>("ping"))
            .AddOrchestratorFunc<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target, "ping", "pong");
                return Task.FromResult("sent");
            }));

        var receiver = await host.Client.ScheduleNewOrchestrationInstanceAsync("Receiver", null, new StartOrchestrationOptions("receiver-1"));
        await host.WaitUntilAsync(receiver, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await host.RunAsync("Sender", receiver);
        var result = await host.WaitAsync(receiver);

        Assert.Equal("pong", result.ReadOutputAs<string>());
    }
}
