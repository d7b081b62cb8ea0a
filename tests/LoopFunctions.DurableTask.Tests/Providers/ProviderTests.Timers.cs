using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    [Fact]
    public async Task CreateTimer_ShortDelay_FiresAndCompletes()
    {
        var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Sleeper", async ctx =>
            {
                var start = ctx.CurrentUtcDateTime;
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                return ctx.CurrentUtcDateTime >= start.AddMilliseconds(200) ? "late enough" : "too early";
            }));

        var result = await host.RunAsync("Sleeper");

        Assert.Equal("late enough", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CreateTimer_WorkerStoppedBeforeItFires_FiresAfterRestart()
    {
        static void Tasks(DurableTaskRegistry r) => r.AddOrchestratorFunc<string>("LongWait", async ctx =>
        {
            await ctx.CreateTimer(TimeSpan.FromSeconds(3), CancellationToken.None);
            return "woke up";
        });

        var host = await StartAsync(Tasks);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("LongWait");
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        await host.Worker.StopAsync(CancellationToken.None);
        var beforeRestart = await host.Client.GetOrchestrationHistoryAsync(id);

        var restarted = await RestartAsync(host);
        var result = await restarted.WaitAsync(id);
        var history = await restarted.Client.GetOrchestrationHistoryAsync(id);

        Assert.Empty(beforeRestart.OfType<TimerFiredEvent>());
        Assert.Equal("woke up", result.ReadOutputAs<string>());
        Assert.Single(history.OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_StartAtInFuture_StaysPendingUntilDue()
    {
        var host = await StartAsync(r => r.AddOrchestratorFunc<DateTime>("Now", ctx => Task.FromResult(ctx.CurrentUtcDateTime)));
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Now", new StartOrchestrationOptions(StartAt: startAt));
        var pending = await host.Client.GetInstanceAsync(id);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.True(result.ReadOutputAs<DateTime>() >= startAt.UtcDateTime, $"started at {result.ReadOutputAs<DateTime>():O}, before {startAt:O}");
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeAwaited_BufferedAndDeliveredInOrder()
    {
        var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Noop", (_, s) => s)
                .AddOrchestratorFunc<string>("Waiter", async ctx =>
                {
                    await ctx.CallActivityAsync<string>("Noop", "x");
                    var first = await ctx.WaitForExternalEvent<string>("go");
                    var second = await ctx.WaitForExternalEvent<string>("GO");
                    var third = await ctx.WaitForExternalEvent<string>("go");
                    return first + second + third;
                }),
            startWorker: false);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.RaiseEventAsync(id, "go", "a");
        await host.Client.RaiseEventAsync(id, "go", "b");
        await host.Client.RaiseEventAsync(id, "go", "c");
        await host.Worker.StartAsync(CancellationToken.None);

        var result = await host.WaitAsync(id);

        Assert.Equal("abc", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_NoEventWithinTimeout_ThrowsTaskCanceled()
    {
        var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Impatient", async ctx =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("never", TimeSpan.FromMilliseconds(100));
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
        var host = await StartAsync(r => r
            .AddOrchestratorFunc<int>("Approval", ctx => ctx.WaitForExternalEvent<int>("approve", TimeSpan.FromDays(1))));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        await host.Client.RaiseEventAsync(id, "approve", 42);
        var result = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task SendEvent_ToAnotherInstance_IsReceived()
    {
        var host = await StartAsync(r => r
            .AddOrchestratorFunc<string>("Receiver", ctx => ctx.WaitForExternalEvent<string>("ping"))
            .AddOrchestratorFunc<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target!, "ping", "pong");
                return Task.FromResult("sent");
            }));

        var receiver = await host.Client.ScheduleNewOrchestrationInstanceAsync("Receiver", new StartOrchestrationOptions("receiver-1"));
        await host.WaitUntilAsync(receiver, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        var sender = await host.RunAsync("Sender", receiver);
        var result = await host.WaitAsync(receiver);

        Assert.Equal("sent", sender.ReadOutputAs<string>());
        Assert.Equal("pong", result.ReadOutputAs<string>());
    }
}
