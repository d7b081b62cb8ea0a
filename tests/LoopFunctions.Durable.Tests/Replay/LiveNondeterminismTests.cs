using LoopFunctions.Durable.InMemory;
using LoopFunctions.Durable.Tests.TestSupport;

namespace LoopFunctions.Durable.Tests.Replay;

public sealed class LiveNondeterminismTests
{
    [Fact]
    public async Task RunEpisode_CodeChangedWhileInstanceWaits_InstanceFailsWithBothActionsNamed()
    {
        var store = new InMemoryDurableStore();
        string id;
        await using (var before = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<string, string>("Build", (_, s) => s)
            .AddOrchestratorFunc<string>("Deploy", async ctx =>
            {
                await ctx.CallActivityAsync<string>("Build", "v1");
                return await ctx.WaitForExternalEvent<string>("go");
            })))
        {
            id = await before.Client.ScheduleNewOrchestrationInstanceAsync("Deploy");
            await before.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running
                && before.Client.GetHistoryAsync(id).Result.OfType<History.TaskCompletedEvent>().Any());
        }

        await using var after = await TestHost.StartAsync(store, r => r
            .AddActivityFunc<string, string>("Compile", (_, s) => s)
            .AddOrchestratorFunc<string>("Deploy", async ctx =>
            {
                await ctx.CallActivityAsync<string>("Compile", "v2");
                return await ctx.WaitForExternalEvent<string>("go");
            }));
        await after.Client.RaiseEventAsync(id, "go", "now");
        var result = await after.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("TaskScheduled 'Build' (id 0)", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("TaskScheduled 'Compile' (id 0)", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }
}
