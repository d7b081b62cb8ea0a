using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests;

/// <summary>Payloads over MaxPayloadBytes: refused at the client, failed (never truncated) in a worker.</summary>
public sealed class PayloadTests
{
    private const int Limit = 4096;

    [Fact]
    public async Task Create_InputOverTheLimit_ThrowsAndStoresNothing()
    {
        await using var hub = await TestHub.StartAsync(s => s.MaxPayloadBytes = Limit, startWorker: false);
        var ex = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "big-in", new string('z', Limit)));
        Assert.Contains("MaxPayloadBytes", ex.Message, StringComparison.Ordinal);
        Assert.Null(await hub.StateAsync("big-in"));
    }

    [Fact]
    public async Task RaiseEvent_PayloadOverTheLimit_Throws()
    {
        await using var hub = await TestHub.StartAsync(s => s.MaxPayloadBytes = Limit, startWorker: false);
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.WaitForEvent), "big-ev", "x");
        await Assert.ThrowsAsync<PayloadTooLargeException>(() => hub.Client.RaiseEventAsync(instance, "go", new string('z', Limit)));
    }

    [Fact]
    public async Task Activity_ResultOverTheLimit_FailsThatActivity()
    {
        await using var hub = await TestHub.StartAsync(s => s.MaxPayloadBytes = Limit);
        var state = await hub.RunAsync(typeof(TestOrchestrations.CatchActivityFailure), ("Big", Limit + 1), "big-act");
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Contains("over the limit of 4096 bytes", state.Output, StringComparison.Ordinal);
        var fine = await hub.RunAsync(typeof(TestOrchestrations.CatchActivityFailure), ("Big", 100), "small-act");
        Assert.Equal("\"ok:100\"", fine.Output);
    }

    [Fact]
    public async Task Orchestration_OutputOverTheLimit_FailsTheInstance()
    {
        await using var hub = await TestHub.StartAsync(s => s.MaxPayloadBytes = Limit);
        var state = await hub.RunAsync(typeof(TestOrchestrations.Output), Limit + 1, "big-out");
        Assert.Equal(OrchestrationStatus.Failed, state.OrchestrationStatus);
        Assert.Equal(typeof(PayloadTooLargeException).FullName, state.FailureDetails!.ErrorType);
        Assert.Contains("an output of", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(state.Output);
    }
}
