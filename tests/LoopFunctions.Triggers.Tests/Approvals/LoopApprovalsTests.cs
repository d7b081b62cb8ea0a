using System.Text;
using System.Text.Json;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Triggers.Approvals;
using LoopFunctions.Triggers.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Triggers.Tests.Approvals;

public sealed class LoopApprovalsTests
{
    private static readonly byte[] Approve = Encoding.UTF8.GetBytes("{\"approved\": true, \"comment\": \"ship it\", \"by\": \"ana\"}");
    private readonly FakeClient _client = new();

    [Fact]
    public async Task DecideAsync_LoopAwaitingApproval_RaisesTheDecision()
    {
        Seed("run-1", OrchestrationRuntimeStatus.Running, LoopPhase.AwaitingApproval);
        var answer = await Approvals().DecideAsync("run-1", Approve, default);
        Assert.Equal(202, answer.StatusCode);
        var raised = Assert.Single(_client.Raised);
        Assert.Equal(("run-1", LoopActivityNames.ApprovalEvent), (raised.InstanceId, raised.Name));
        Assert.Equal(new ApprovalDecision(true, "ship it", "ana"), raised.Payload);
    }

    [Fact]
    public async Task DecideAsync_LoopNotAwaitingApproval_409AndNothingBuffered()
    {
        Seed("run-1", OrchestrationRuntimeStatus.Running, LoopPhase.Agent);
        var answer = await Approvals().DecideAsync("run-1", Approve, default);
        Assert.Equal(409, answer.StatusCode);
        Assert.Empty(_client.Raised);
    }

    [Fact]
    public async Task DecideAsync_EndedOrUnknownRun_410Or404()
    {
        Seed("done", OrchestrationRuntimeStatus.Completed, LoopPhase.Done);
        Assert.Equal(410, (await Approvals().DecideAsync("done", Approve, default)).StatusCode);
        Assert.Equal(404, (await Approvals().DecideAsync("nobody", Approve, default)).StatusCode);
        Assert.Empty(_client.Raised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"approved\": \"yes\"}")]
    [InlineData("{\"aproved\": true}")]
    [InlineData("{\"approved\": true, \"reason\": \"x\"}")]
    [InlineData("{\"approved\": true, \"by\": 7}")]
    public async Task DecideAsync_NotAnExplicitDecision_400(string body)
    {
        Seed("run-1", OrchestrationRuntimeStatus.Running, LoopPhase.AwaitingApproval);
        var answer = await Approvals().DecideAsync("run-1", Encoding.UTF8.GetBytes(body), default);
        Assert.Equal(400, answer.StatusCode);
        Assert.Empty(_client.Raised);
    }

    private LoopApprovals Approvals() => new(_client.Object, NullLogger<LoopApprovals>.Instance);

    private void Seed(string id, OrchestrationRuntimeStatus status, LoopPhase phase)
    {
        var custom = new LoopStatus("ship", 2, phase, "ok", TokenSpend.Zero, new BudgetLeft(3, null, null, null), "loop/ship/1");
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, id)
        {
            RuntimeStatus = status,
            SerializedCustomStatus = JsonSerializer.Serialize(custom, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            DataConverter = new JsonDataConverter(new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        });
    }
}
