using System.Net;
using System.Text.Json;
using LoopFunctions.Functions.Hosting;
using LoopFunctions.Functions.Http;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;

namespace LoopFunctions.Functions.Tests.Http;

public sealed class ApprovalFunctionTests : IDisposable
{
    private readonly TempLoops _loops = new();
    private readonly Mock<DurableTaskClient> _client = new(MockBehavior.Strict, "test");
    private readonly FunctionsHarness _harness;

    public ApprovalFunctionTests()
    {
        _harness = new FunctionsHarness(_loops.Folder);
        _client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    public void Dispose()
    {
        _harness.Dispose();
        _loops.Dispose();
    }

    [Fact]
    public async Task ApproveAsync_LoopAwaitingApproval_202AndApprovalRaised()
    {
        Instance("run-1", LoopPhase.AwaitingApproval);
        var request = _harness.Request("POST", "http://localhost:7071/api/approvals/run-1", "{\"approved\": false, \"comment\": \"not now\", \"by\": \"ana\"}");

        var response = await new ApprovalFunction(_harness.Triggers).ApproveAsync(request, "run-1", _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        _client.Verify(c => c.RaiseEventAsync("run-1", LoopActivityNames.ApprovalEvent, new ApprovalDecision(false, "not now", "ana"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ApproveAsync_LoopStillWorking_409AndNothingRaised()
    {
        Instance("run-1", LoopPhase.Verify);
        var request = _harness.Request("POST", "http://localhost:7071/api/approvals/run-1", "{\"approved\": true}");

        var response = await new ApprovalFunction(_harness.Triggers).ApproveAsync(request, "run-1", _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        _client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private void Instance(string id, LoopPhase phase)
    {
        var status = new LoopStatus("ship", 1, phase, null, TokenSpend.Zero, new BudgetLeft(3, null, null, null), "loop/ship/1");
        _client.Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>())).ReturnsAsync(new OrchestrationMetadata(LoopActivityNames.Orchestrator, id)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            SerializedCustomStatus = JsonSerializer.Serialize(status, LoopFunctions.Loops.LoopSerialization.Options),
            DataConverter = new JsonDataConverter(LoopFunctions.Loops.LoopSerialization.Options),
        });
    }
}
