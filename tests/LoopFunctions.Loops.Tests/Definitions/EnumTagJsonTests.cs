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
    [InlineData("outputs:\n  commit: squash\n", 4, "'outputs.commit' must be each_iteration or on_success, not 'squash'")]
    [InlineData("governance:\n  approve: [push, merge]\n", 4, "'governance.approve' lists 'merge'; steps that can wait for approval are push, pr, publish and deploy")]
    public void Parse_BadEnumWord_ErrorNamesFileLineAndReason(string yaml, int line, string message)
    {
        var text = "---\nagent: { kind: command, command: [a] }\n" + yaml + "verify:\n  - command: [make]\n---\nGoal";

        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", text));

        Assert.Contains(error.Errors, e => e.File == "/loops/bad.md" && e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
    }
}
