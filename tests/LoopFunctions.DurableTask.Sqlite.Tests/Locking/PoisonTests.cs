using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Locking;

/// <summary>Work that keeps failing outside user code ends in a clear failure after MaxDeliveryCount deliveries.</summary>
public sealed class PoisonTests
{
    [Fact]
    public async Task Activity_AbandonedEveryDelivery_FailsAsPoisonNamingActivityAndCount()
    {
        var deliveries = 0;
        await using var hub = await TestHub.StartAsync(
            s => { s.MaxDeliveryCount = 3; s.AbandonBackoff = TimeSpan.FromMilliseconds(10); },
            setup: worker => worker.AddActivityDispatcherMiddleware((context, next) =>
            {
                if (context.GetProperty<TaskScheduledEvent>().Name == typeof(TestActivities.Poisoned).ToString())
                {
                    Interlocked.Increment(ref deliveries);
                    throw new InvalidOperationException("the worker cannot run this activity");
                }

                return next();
            }));
        var state = await hub.RunAsync(typeof(TestOrchestrations.CatchActivityFailure), ("Poisoned", 0), "poison-a");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Contains("poison", state.Output, StringComparison.Ordinal);
        Assert.Contains(typeof(TestActivities.Poisoned).ToString(), state.Output, StringComparison.Ordinal);
        Assert.Contains("delivered 3 times", state.Output, StringComparison.Ordinal);
        Assert.Equal(3, deliveries);
    }

    [Fact]
    public async Task Orchestration_FailingEveryDelivery_FailsAsPoisonWithFailureDetails()
    {
        var deliveries = 0;
        await using var hub = await TestHub.StartAsync(
            s => { s.MaxDeliveryCount = 3; s.AbandonBackoff = TimeSpan.FromMilliseconds(10); },
            setup: worker => worker.AddOrchestrationDispatcherMiddleware((context, next) =>
            {
                if (context.GetProperty<OrchestrationInstance>().InstanceId == "poison-o")
                {
                    Interlocked.Increment(ref deliveries);
                    throw new InvalidOperationException("the worker cannot run this orchestration");
                }

                return next();
            }));
        var state = await hub.RunAsync(typeof(TestOrchestrations.Hello), "x", "poison-o");
        Assert.Equal(OrchestrationStatus.Failed, state.OrchestrationStatus);
        Assert.Equal("PoisonMessage", state.FailureDetails!.ErrorType);
        Assert.Contains("abandoned 3 times in a row", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, deliveries);
        var history = await hub.Service.GetOrchestrationHistoryAsync("poison-o", null!);
        Assert.Contains("\"EventType\":0", history, StringComparison.Ordinal); // started
        Assert.Contains("PoisonMessage", history, StringComparison.Ordinal); // and completed as failed
    }

    [Fact]
    public async Task SubOrchestration_ChildPoisoned_ParentSeesTheFailure()
    {
        await using var hub = await TestHub.StartAsync(
            s => { s.MaxDeliveryCount = 2; s.AbandonBackoff = TimeSpan.FromMilliseconds(10); },
            setup: worker => worker.AddOrchestrationDispatcherMiddleware((context, next) =>
                context.GetProperty<OrchestrationInstance>().InstanceId == "poison-child" ? throw new InvalidOperationException("no") : next()));
        var state = await hub.RunAsync(typeof(TestOrchestrations.Parent), "poison-child", "poison-parent");
        Assert.StartsWith("\"failed:", state.Output, StringComparison.Ordinal);
    }
}
