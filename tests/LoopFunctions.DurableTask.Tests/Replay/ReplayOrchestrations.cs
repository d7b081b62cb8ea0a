using Microsoft.DurableTask;

namespace LoopFunctions.DurableTask.Tests.Replay;

/// <summary>The orchestrators whose recorded histories live in Histories/. Changing one of them without keeping its
/// old behaviour for instances in flight must make <see cref="SavedHistoryReplayTests"/> fail.</summary>
internal static class ReplayOrchestrations
{
    public static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Reserve", (_, s) => "reserved " + s)
        .AddActivityFunc<string, string>("Charge", (_, s) => "charged " + s)
        .AddActivityFunc<int, int>("Pack", (_, i) => i)
        .AddOrchestratorFunc<string, string>("Notify", (ctx, s) => ctx.CallActivityAsync<string>("Charge", "notify " + s))
        .AddOrchestratorFunc<string, string>("OrderPipeline", OrderPipeline)
        .AddOrchestratorFunc<int, int>("CountDown", CountDown)
        .AddOrchestratorFunc<string, string>("AwaitingApproval", AwaitingApproval);

    public static async Task<string> OrderPipeline(TaskOrchestrationContext ctx, string? order)
    {
        var reserved = await ctx.CallActivityAsync<string>("Reserve", order);
        var charged = await ctx.CallActivityAsync<string>("Charge", order);
        var packed = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => ctx.CallActivityAsync<int>("Pack", i)));
        await ctx.CreateTimer(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        string approval;
        try
        {
            approval = await ctx.WaitForExternalEvent<string>("approve", TimeSpan.FromMilliseconds(20));
        }
        catch (TaskCanceledException)
        {
            approval = "auto";
        }

        var notified = await ctx.CallSubOrchestratorAsync<string>("Notify", order, new SubOrchestrationOptions { InstanceId = ctx.InstanceId + "-notify" });
        return $"{reserved}|{charged}|{packed.Sum()}|{approval}|{notified}";
    }

    public static async Task<int> CountDown(TaskOrchestrationContext ctx, int n)
    {
        for (var i = n; i > 0; i--)
        {
            await ctx.CallActivityAsync<int>("Pack", i);
        }

        return n;
    }

    public static async Task<string> AwaitingApproval(TaskOrchestrationContext ctx, string? change)
    {
        var reserved = await ctx.CallActivityAsync<string>("Reserve", change);
        var approver = await ctx.WaitForExternalEvent<string>("approve");
        return $"{reserved} by {approver}";
    }
}
