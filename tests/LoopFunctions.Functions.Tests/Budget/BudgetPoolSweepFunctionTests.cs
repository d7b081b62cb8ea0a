using System.Reflection;
using LoopFunctions.Functions.Budget;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace LoopFunctions.Functions.Tests.Budget;

/// <summary>The janitor's timer function: bound as a minute timer with a Durable client, and a sweep that touches
/// nothing when no pool is declared (the sweep itself is BudgetPoolJanitor's, tested with the Loops).</summary>
public sealed class BudgetPoolSweepFunctionTests
{
    [Fact]
    public void RunAsync_BoundAsAMinuteTimerWithADurableClient()
    {
        var method = typeof(BudgetPoolSweepFunction).GetMethod(nameof(BudgetPoolSweepFunction.RunAsync))!;
        var parameters = method.GetParameters();

        Assert.Equal(BudgetPoolSweepFunction.Name, method.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("0 * * * * *", parameters[0].GetCustomAttribute<TimerTriggerAttribute>()!.Schedule);
        Assert.NotNull(parameters[1].GetCustomAttribute<DurableClientAttribute>());
    }

    [Fact]
    public async Task RunAsync_NoPoolDeclared_ReleasesNothingAndCallsNothing()
    {
        var options = new Mock<IOptionsMonitor<LoopRunnerOptions>>();
        options.SetupGet(o => o.CurrentValue).Returns(new LoopRunnerOptions());
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        var function = new BudgetPoolSweepFunction(options.Object, TimeProvider.System, NullLogger<BudgetPoolJanitor>.Instance);

        var released = await function.RunAsync(new TimerInfo(), client.Object, CancellationToken.None);

        Assert.Equal(0, released);
        client.VerifyNoOtherCalls();
    }
}
