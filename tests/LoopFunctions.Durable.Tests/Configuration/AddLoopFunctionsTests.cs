using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.DependencyInjection;
using LoopFunctions.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.Tests.Configuration;

public sealed class AddLoopFunctionsTests
{
    [Fact]
    public async Task AddLoopFunctions_WithTasksAndWorker_RunsAnOrchestrationThroughDi()
    {
        var services = new ServiceCollection();
        services.AddLoopFunctions(o => o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(50))
            .UseInMemory()
            .AddTasks(r => r.AddActivityFunc<int, int>("Inc", (_, x) => x + 1))
            .AddTasks(r => r.AddOrchestratorFunc<int, int>("Run", (ctx, x) => ctx.CallActivityAsync<int>("Inc", x)))
            .AddWorker();
        await using var provider = services.BuildServiceProvider();
        var worker = provider.GetRequiredService<DurableTaskWorker>();
        await worker.StartAsync(CancellationToken.None);
        var client = provider.GetRequiredService<DurableTaskClient>();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("Run", 41);
        using var cts = new CancellationTokenSource(TestSupport.TestHost.Deadline);
        var result = await client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(42, result.ReadOutputAs<int>());
    }

    [Fact]
    public void AddLoopFunctions_InvalidOptions_ValidationNamesSettings()
    {
        var services = new ServiceCollection();
        services.AddLoopFunctions(o =>
        {
            o.MaxConcurrentOrchestratorFunctions = 0;
            o.ActivityLockDuration = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("maxConcurrentOrchestratorFunctions", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("activityLockDuration: must be more than zero", StringComparison.Ordinal));
    }
}
