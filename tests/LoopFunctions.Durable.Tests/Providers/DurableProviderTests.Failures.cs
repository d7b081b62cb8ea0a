using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.Providers;

public abstract partial class DurableProviderTests
{
    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_UnknownOrchestrator_InstanceFailsWithClearReason()
    {
        await using var host = await StartAsync(_ => { });

        var result = await host.RunAsync("NoSuchOrchestrator");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("No orchestrator named 'NoSuchOrchestrator'", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_OversizedInput_RejectedAndNothingStored()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<string, string>("Echo", (_, s) => Task.FromResult(s)), o => o.MaxPayloadBytes = 1024);

        var ex = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new string('x', 2000), new StartOrchestrationOptions("too-big")));

        Assert.Contains("over the limit of 1,024 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Null(await host.Client.GetInstanceAsync("too-big"));
    }

    [Fact]
    public async Task CallActivityAsync_OversizedActivityOutput_ActivityFailsNotTruncated()
    {
        await using var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Huge", (_, _) => new string('y', 5000))
                .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Huge")),
            o => o.MaxPayloadBytes = 1024);

        var result = await host.RunAsync("Caller");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(PayloadTooLargeException).FullName, result.FailureDetails!.InnerFailure!.ErrorType);
    }

    [Fact]
    public async Task GetInput_PayloadOfWrongShape_InstanceFailsWithFormatError()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("NeedsInt", (_, x) => Task.FromResult(x)));

        var result = await host.RunAsync("NeedsInt", "not a number");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(PayloadFormatException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("Int32", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockNextActivitiesAsync_LeaseExpiredRepeatedly_ActivityFailsAsPoison()
    {
        var clock = new ManualTimeProvider();
        var ran = 0;
        await using var host = await StartAsync(
            r => r
                .AddActivityFunc<string, string>("Fragile", (_, _) => { Interlocked.Increment(ref ran); return "ran"; })
                .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Fragile")),
            o => o.MaxActivityDeliveries = 3,
            clock,
            startWorker: false);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Caller");
        var orchestration = await LockWithDeadlineAsync(() => host.Store.LockNextOrchestrationAsync(TimeSpan.FromMinutes(1)));
        var dispatcher = new Worker.OrchestrationDispatcher(
            host.Store,
            Registry(r => r.AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Fragile"))),
            EmptyServices.Instance,
            TestHost.FastOptions(),
            Converters.JsonDataConverter.Default,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            clock);
        await dispatcher.ProcessAsync(orchestration);

        // Three workers each take the request and die: their leases expire without a result.
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var items = await LockWithDeadlineAsync(async () => (await host.Store.LockNextActivitiesAsync(1, TimeSpan.FromSeconds(10))).SingleOrDefault());
            Assert.Equal(delivery, items.DeliveryCount);
            clock.Advance(TimeSpan.FromSeconds(11));
        }

        await using var survivor = await StartAsync(r => r
            .AddActivityFunc<string, string>("Fragile", (_, _) => { Interlocked.Increment(ref ran); return "ran"; })
            .AddOrchestratorFunc<string>("Caller", ctx => ctx.CallActivityAsync<string>("Fragile")), o => o.MaxActivityDeliveries = 3, clock, host.Store);
        var result = await survivor.WaitAsync(id);

        Assert.Equal(0, ran);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("delivered 3 times", result.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    private static DurableTaskRegistry Registry(Action<DurableTaskRegistry> configure)
    {
        var registry = new DurableTaskRegistry();
        configure(registry);
        return registry;
    }

    private static async Task<T> LockWithDeadlineAsync<T>(Func<Task<T?>> tryLock) where T : class
    {
        using var cts = new CancellationTokenSource(TestHost.Deadline);
        while (true)
        {
            if (await tryLock() is { } item)
            {
                return item;
            }

            await Task.Delay(10, cts.Token);
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
