using System.Reflection;
using LoopFunctions.Functions.Activities;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Moq;

namespace LoopFunctions.Functions.Tests.Activities;

/// <summary>The agent step's pool hold check on Azure Functions: the app has no <see cref="DurableTaskClient"/> among
/// its services (an isolated app gets one only as a <c>[DurableClient]</c> binding), so the activity function takes the
/// binding and the step reads its pool through it. The client is mocked as Microsoft's guidance for isolated Durable
/// Functions does; the agent's command would leave a marker if it ran.</summary>
public sealed class RunAgentPoolCheckTests : IDisposable
{
    private const string Hold = "fn-run/1/1";
    private readonly TempLoops _loops = new();
    private readonly FunctionsHarness _harness;
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-fn-agent-").FullName;

    public RunAgentPoolCheckTests() => _harness = new FunctionsHarness(_loops.Folder);

    public void Dispose()
    {
        _harness.Dispose();
        _loops.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void RunAgentAsync_TakesADurableClientBinding()
    {
        var parameters = typeof(LoopActivityFunctions).GetMethod(nameof(LoopActivityFunctions.RunAgentAsync))!.GetParameters();

        var client = Assert.Single(parameters, p => p.ParameterType == typeof(DurableTaskClient));
        Assert.NotNull(client.GetCustomAttribute<DurableClientAttribute>());
        // Why the binding: the app's container has no client for the reader to find.
        Assert.Null(_harness.Services.GetService(typeof(DurableTaskClient)));
    }

    [Fact]
    public async Task RunAgentAsync_PoolNoLongerHoldsTheReservation_StepDoesNotRunAndSaysSo()
    {
        // Freed (a rewind, the janitor or an expiry): a hold merely not shown yet is waited for instead.
        var (client, entities) = Client(new BudgetPoolState { RecentlyFreed = [Hold] });
        var marker = Path.Combine(_root, "ran");

        var result = await LoopActivityFunctions.RunAgentAsync(Input(marker), "fn-run", client.Object, _harness.Context.Object);

        Assert.True(result.ReservationLost, result.Error);
        Assert.False(File.Exists(marker), "the agent ran under a hold the pool no longer has");
        entities.Verify(e => e.GetEntityAsync<BudgetPoolState>(PoolEntity.Id("team-a"), true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task IsHeldAsync_ReaderOverTheBoundClient_AnswersFromThePoolsState()
    {
        var state = new BudgetPoolState();
        state.Reservations[Hold] = new PoolReservation("fn-run", "fix-calc", 1000, 0.5m, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        state.RecentlyFreed.Add("fn-run/2/1");
        state.Reservations["fn-run/3/1"] = new PoolReservation("fn-run", "fix-calc", 1000, 0.5m, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddMinutes(-1));
        var (client, _) = Client(state);
        var reader = BudgetPoolReader.Over(client.Object);

        Assert.True(await reader.IsHeldAsync("team-a", Hold, CancellationToken.None));
        Assert.False(await reader.IsHeldAsync("team-a", "fn-run/2/1", CancellationToken.None));
        // Expired but not yet swept (expiry happens at the pool's next operation): already lost.
        Assert.False(await reader.IsHeldAsync("team-a", "fn-run/3/1", CancellationToken.None));
    }

    private static (Mock<DurableTaskClient> Client, Mock<DurableEntityClient> Entities) Client(BudgetPoolState state)
    {
        var entities = new Mock<DurableEntityClient>("test");
        entities.Setup(e => e.GetEntityAsync<BudgetPoolState>(It.IsAny<EntityInstanceId>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((EntityInstanceId id, bool _, CancellationToken _) => new EntityMetadata<BudgetPoolState>(id, state));
        var client = new Mock<DurableTaskClient>("test");
        client.SetupGet(c => c.Entities).Returns(entities.Object);
        return (client, entities);
    }

    private AgentStepInput Input(string marker)
    {
        var plan = new AgentPlan("command", ["bash", "-c", $"touch '{marker}'"], "m", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], 0m, 0m) { Sandbox = SandboxMode.None };
        var workspace = new WorkspaceInfo(Directory.CreateDirectory(Path.Combine(_root, "run")).FullName, "0000000000000000000000000000000000000000", "loop/fix-calc/fn-run");
        return new AgentStepInput(workspace, workspace.BaseCommit, "Do it.", null, 1, plan, null) { Reservation = new PoolHold("team-a", Hold) };
    }
}
