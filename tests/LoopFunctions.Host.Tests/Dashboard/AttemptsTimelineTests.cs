using DurableTask.Core.History;
using LoopFunctions.Host.Dashboard;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using Microsoft.DurableTask.Converters;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>The timeline of an iteration with <c>agent.attempts</c>, rebuilt from its history: one lane per attempt,
/// whatever order their steps ran in, and the iteration showing the committed attempt.</summary>
public sealed class AttemptsTimelineTests
{
    private static readonly JsonDataConverter Converter = new(LoopSerialization.Options);

    [Fact]
    public void Build_TwoAttemptsInterleaved_OneLaneEachAndTheCommittedOneShown()
    {
        var workspace = new WorkspaceInfo("/ws", "base0", "loop/x/1");
        var plan = Plan();
        var agent = plan.Agent;
        var history = new List<HistoryEvent>();
        var id = 0;
        int Schedule(string name, object input)
        {
            history.Add(new TaskScheduledEvent(id) { Name = name, Input = Converter.Serialize(new[] { input }) });
            return id++;
        }

        void Complete(int scheduled, object? result) => history.Add(new TaskCompletedEvent(-1, scheduled, Converter.Serialize(result)));

        var agent1 = Schedule(LoopActivityNames.RunAgent, new AgentStepInput(workspace, "base0", "goal", null, 1, agent with { Model = "small" }, null) { Attempt = 1 });
        var agent2 = Schedule(LoopActivityNames.RunAgent, new AgentStepInput(workspace, "base0", "goal", null, 1, agent with { Model = "large" }, null) { Attempt = 2 });
        Complete(agent2, new AgentStepResult(true, "large fixed it", new TokenSpend(300, 100, 0.4m), 3));
        var guard2 = Schedule(LoopActivityNames.Guard, new GuardInput(workspace, "base0", plan) { Attempt = 2 });
        Complete(agent1, new AgentStepResult(true, "small tried", new TokenSpend(100, 50, 0.1m), 2));
        var guard1 = Schedule(LoopActivityNames.Guard, new GuardInput(workspace, "base0", plan) { Attempt = 1 });
        Complete(guard2, new GuardOutcome(true, 1, 4, 1, [], "cand-2"));
        Complete(guard1, new GuardOutcome(false, 1, 1, 0, ["tests/t.sh: protected"], "cand-1"));
        var verify2 = Schedule(LoopActivityNames.Verify, new VerifyInput(workspace, plan, "baseline", "cand-2") { Attempt = 2 });
        Complete(verify2, new VerificationOutcome(true, "tests: passed", "", 0, []));
        var commit = Schedule(LoopActivityNames.Commit, new CommitInput(workspace, "m", "run-1/1", Candidate: "cand-2", Head: "base0"));
        Complete(commit, "c1");

        var entry = Assert.Single(TimelineBuilder.Build(history, Converter));

        Assert.Equal((1, "large fixed it", 550L, 0.5m, true, "c1", 4), (entry.Iteration, entry.AgentSummary, entry.Tokens, entry.CostUsd, entry.Passed, entry.Commit, entry.Insertions));
        Assert.Equal(
            [(1, "small", "small tried", false, (bool?)null, 1), (2, "large", "large fixed it", true, true, 0)],
            entry.Attempts.Select(a => (a.Index, a.Model, a.AgentSummary, a.Committed, a.Passed, a.Violations.Count)));
    }

    private static LoopPlan Plan() => new(
        "x",
        "/loops/x.md",
        "goal",
        new WorkspacePlan("/repo", "main", "loop/x/1", "/work", null),
        new AgentPlan("command", ["agent"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(5), [], 0m, 0m),
        [new CheckPlan("tests", CheckKind.Command, ["true"], TimeSpan.FromMinutes(1))],
        new LimitsPlan(5, null, null, null, 0),
        new GovernancePlan([], ["tests/**"], [], TimeSpan.FromDays(1)),
        new OutputsPlan(CommitMode.EachIteration, false, "origin", null, null));
}
