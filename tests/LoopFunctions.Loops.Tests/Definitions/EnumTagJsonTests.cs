using System.Text.Json;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>The enums that replaced string tags keep the strings: plans stored in histories before them read back, and
/// plans written now carry the same text.</summary>
public sealed class EnumTagJsonTests
{
    [Fact]
    public void Serialize_EnumTags_WritesTheLoopFilesWords()
    {
        var governance = new GovernancePlan([], [], [ApprovalStep.Push, ApprovalStep.PullRequest, ApprovalStep.Publish, ApprovalStep.Deploy], TimeSpan.FromDays(1));
        var outputs = new OutputsPlan(CommitMode.OnSuccess, true, "origin", null, null);
        var trigger = new TriggerSpec(TriggerKind.GitHub, GitHubEvent: "push");

        using var g = JsonDocument.Parse(JsonSerializer.Serialize(governance, LoopSerialization.Options));
        using var o = JsonDocument.Parse(JsonSerializer.Serialize(outputs, LoopSerialization.Options));
        using var t = JsonDocument.Parse(JsonSerializer.Serialize(trigger, LoopSerialization.Options));

        Assert.Equal(["push", "pr", "publish", "deploy"], g.RootElement.GetProperty("approve").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("on_success", o.RootElement.GetProperty("commitMode").GetString());
        Assert.Equal("github", t.RootElement.GetProperty("kind").GetString());
        Assert.Equal(["manual", "schedule", "github", "webhook"], Enum.GetValues<TriggerKind>().Select(EnumText.Of));
        Assert.Equal(["each_iteration", "on_success"], Enum.GetValues<CommitMode>().Select(EnumText.Of));
    }

    [Fact]
    public void Deserialize_PlanStoredWithStringTags_ReadsTheEnums()
    {
        const string stored = """{"allowPaths":[],"protectPaths":["tests/**"],"approve":["push","publish"],"approvalTimeout":"1.00:00:00"}""";
        const string outputs = """{"commitMode":"each_iteration","push":true,"remote":"origin","pullRequestTitle":null,"pullRequestBody":null}""";

        var governance = JsonSerializer.Deserialize<GovernancePlan>(stored, LoopSerialization.Options)!;
        var read = JsonSerializer.Deserialize<OutputsPlan>(outputs, LoopSerialization.Options)!;

        Assert.Equal([ApprovalStep.Push, ApprovalStep.Publish], governance.Approve);
        Assert.True(governance.NeedsApproval(ApprovalStep.Publish));
        Assert.False(governance.NeedsApproval(ApprovalStep.PullRequest));
        Assert.Equal(CommitMode.EachIteration, read.CommitMode);
    }

    [Theory]
    [InlineData("""{"name":"unit","kind":"command","command":["make","test"],"timeout":"00:10:00","retries":0,"quorum":1,"reportPath":null,"reportFormat":null,"rubric":null,"threshold":null,"model":null,"endpoint":null,"apiKeySetting":null,"environment":null,"network":false,"networkHosts":[]}""", "command")]
    [InlineData("""{"name":"tests","kind":"tests","command":["dotnet","test"],"timeout":"00:10:00","retries":0,"quorum":1,"reportPath":"**/*.trx","reportFormat":"auto","rubric":null,"threshold":null,"model":null,"endpoint":null,"apiKeySetting":null,"environment":null,"network":false,"networkHosts":[]}""", "tests")]
    [InlineData("""{"name":"judge","kind":"judge","command":null,"timeout":"00:10:00","retries":0,"quorum":1,"reportPath":null,"reportFormat":null,"rubric":"tidy","threshold":0.7,"model":"m","endpoint":null,"apiKeySetting":null,"environment":null,"network":false,"networkHosts":[]}""", "judge")]
    public void RoundTrip_CheckPlanStoredWithStringKind_ReadsTheEnumAndWritesTheSameJson(string stored, string kind)
    {
        var check = JsonSerializer.Deserialize<CheckPlan>(stored, LoopSerialization.Options)!;

        Assert.Equal(kind, EnumText.Of(check.Kind));
        Assert.Equal(stored, JsonSerializer.Serialize(check, LoopSerialization.Options));
    }

    [Fact]
    public void RoundTrip_ReviewDeployAndSandboxStoredAsStrings_ReadTheEnumsAndWriteTheSameJson()
    {
        const string llm = """{"kind":"llm","command":null,"model":"m","endpoint":null,"isAzure":false,"apiKeySetting":"OPENAI_API_KEY","instructions":null,"maxFindings":20,"timeout":"00:10:00","environment":[],"inputPricePerMillion":0,"outputPricePerMillion":0,"priced":false}""";
        const string command = """{"kind":"command","command":["review.py"],"model":null,"endpoint":null,"isAzure":false,"apiKeySetting":null,"instructions":null,"maxFindings":20,"timeout":"00:10:00","environment":[],"inputPricePerMillion":0,"outputPricePerMillion":0,"priced":false}""";
        const string deploy = """{"kind":"publish","command":null,"url":null,"checks":[{"name":"http1","kind":"http","url":"{url}/health","status":200,"contains":null,"maxLatency":null,"command":null,"timeout":"00:00:30","retries":0,"retryDelay":"00:00:02"},{"name":"smoke","kind":"command","url":null,"status":200,"contains":null,"maxLatency":null,"command":["smoke.sh"],"timeout":"00:00:30","retries":0,"retryDelay":"00:00:02"}],"rollback":null,"withdraw":true,"timeout":"00:10:00","environment":[],"isPublish":true}""";

        var llmReview = JsonSerializer.Deserialize<ReviewPlan>(llm, LoopSerialization.Options)!;
        var commandReview = JsonSerializer.Deserialize<ReviewPlan>(command, LoopSerialization.Options)!;
        var deployPlan = JsonSerializer.Deserialize<DeployPlan>(deploy, LoopSerialization.Options)!;

        Assert.Equal((ReviewKind.Llm, ReviewKind.Command), (llmReview.Kind, commandReview.Kind));
        Assert.Equal((DeployKind.Publish, DeployCheckKind.Http, DeployCheckKind.Command), (deployPlan.Kind, deployPlan.Checks[0].Kind, deployPlan.Checks[1].Kind));
        Assert.Equal(llm, JsonSerializer.Serialize(llmReview, LoopSerialization.Options));
        Assert.Equal(command, JsonSerializer.Serialize(commandReview, LoopSerialization.Options));
        Assert.Equal(deploy, JsonSerializer.Serialize(deployPlan, LoopSerialization.Options));
        Assert.Equal(["llm", "command"], Enum.GetValues<ReviewKind>().Select(EnumText.Of));
        Assert.Equal(["command", "publish"], Enum.GetValues<DeployKind>().Select(EnumText.Of));
        Assert.Equal(["http", "command"], Enum.GetValues<DeployCheckKind>().Select(EnumText.Of));
        Assert.Equal(["raise", "restart"], Enum.GetValues<PushReaction>().Select(EnumText.Of));
    }

    [Theory]
    [InlineData("none", SandboxMode.None)]
    [InlineData("bwrap", SandboxMode.Bwrap)]
    public void RoundTrip_AgentPlanStoredWithStringSandbox_ReadsTheEnumAndWritesTheSameWord(string word, SandboxMode mode)
    {
        var plan = new AgentPlan("command", ["a"], "command", null, false, null, null, 1, 1, TimeSpan.FromMinutes(1), [], 0m, 0m);
        var stored = JsonSerializer.Serialize(plan, LoopSerialization.Options).Replace("\"sandbox\":\"bwrap\"", $"\"sandbox\":\"{word}\"", StringComparison.Ordinal);

        var read = JsonSerializer.Deserialize<AgentPlan>(stored, LoopSerialization.Options)!;

        Assert.Equal(mode, read.Sandbox);
        Assert.Equal(stored, JsonSerializer.Serialize(read, LoopSerialization.Options));
        Assert.Contains($"\"sandbox\":\"{word}\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_AgentPlanStoredBeforeSandbox_IsConfined()
    {
        const string stored = """{"kind":"command","command":["a"],"model":"command","endpoint":null,"isAzure":false,"apiKeySetting":null,"temperature":null,"maxOutputTokens":1,"maxToolCalls":1,"timeout":"00:01:00","allowedCommands":[],"inputPricePerMillion":0,"outputPricePerMillion":0}""";

        Assert.Equal(SandboxMode.Bwrap, JsonSerializer.Deserialize<AgentPlan>(stored, LoopSerialization.Options)!.Sandbox);
    }

    [Theory]
    [InlineData("agent:\n  kind: command\n  command: [a]\n  sandbox: docker\n", 5, "'agent.sandbox' must be bwrap or none, not 'docker'")]
    [InlineData("governance:\n  on_push: ignore\n", 4, "'governance.on_push' must be raise or restart, not 'ignore'")]
    public void Parse_BadSandboxOrOnPush_ErrorNamesFileLineAndReason(string yaml, int line, string message)
    {
        var text = "---\n" + (yaml.StartsWith("agent:", StringComparison.Ordinal) ? "" : "agent: { kind: command, command: [a] }\n") + yaml + "verify:\n  - command: [make]\n---\nGoal";

        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", text));

        Assert.Contains(error.Errors, e => e.File == "/loops/bad.md" && e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_OnPushAndSandboxWords_ReadAsEnums()
    {
        var text = "---\nagent: { kind: command, command: [a], sandbox: none }\ngovernance:\n  on_push: restart\nverify:\n  - command: [make]\n---\nGoal";

        var loop = LoopDefinitionParser.Parse("/loops/ok.md", text);

        Assert.Equal((SandboxMode.None, PushReaction.Restart), (loop.Agent.Sandbox, loop.OnPush));
    }

    [Theory]
    [InlineData("outputs:\n  commit: squash\n", 4, "'outputs.commit' must be each_iteration or on_success, not 'squash'")]
    [InlineData("governance:\n  approve: [push, merge]\n", 4, "'governance.approve' lists 'merge'; steps that can wait for approval are push, pr, publish and deploy")]
    public void Parse_BadEnumWord_ErrorNamesFileLineAndReason(string yaml, int line, string message)
    {
        var text = "---\nagent: { kind: command, command: [a] }\n" + yaml + "verify:\n  - command: [make]\n---\nGoal";

        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", text));

        Assert.Contains(error.Errors, e => e.File == "/loops/bad.md" && e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("private", false, PublishVisibility.Private)]
    [InlineData("public", true, PublishVisibility.Public)]
    public void RoundTrip_PublishPlanStoredWithStringVisibility_ReadsTheEnumAndWritesTheSameJson(string visibility, bool isPublic, PublishVisibility expected)
    {
        var stored = $$"""{"folder":"site","container":"reports","visibility":"{{visibility}}","linkExpiry":"7.00:00:00","prefix":"loop/run-1","isPublic":{{(isPublic ? "true" : "false")}},"share":["run"]}""";

        var plan = JsonSerializer.Deserialize<PublishPlan>(stored, LoopSerialization.Options)!;

        Assert.Equal(expected, plan.Visibility);
        Assert.Equal(stored, JsonSerializer.Serialize(plan, LoopSerialization.Options));
    }

    [Theory]
    [InlineData("""{"maxIterations":5,"maxTokens":1000,"maxCostUsd":null,"maxDuration":null,"stallAfter":3,"unpriced":"tokens"}""", UnpricedModels.Tokens)]
    [InlineData("""{"maxIterations":5,"maxTokens":null,"maxCostUsd":2,"maxDuration":null,"stallAfter":3,"unpriced":"refuse"}""", UnpricedModels.Refuse)]
    public void RoundTrip_LimitsStoredWithStringUnpriced_ReadTheEnumAndWriteTheSameJson(string stored, UnpricedModels expected)
    {
        var limits = JsonSerializer.Deserialize<LimitsPlan>(stored, LoopSerialization.Options)!;

        Assert.Equal(expected, limits.Unpriced);
        Assert.Equal(stored, JsonSerializer.Serialize(limits, LoopSerialization.Options));
    }
}
