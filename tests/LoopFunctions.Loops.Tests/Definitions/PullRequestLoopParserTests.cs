using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>Loop files for pull requests (<c>workspace.branch: head</c>, <c>review</c>), deployments
/// (<c>outputs.deploy</c>, <c>approve: [deploy]</c>, <c>publish.share</c>) and model ladders (<c>agent.models</c>):
/// what parses, the defaults, and each mistake at its line.</summary>
public sealed class PullRequestLoopParserTests
{
    private const string PullRequestLoop = """
        ---
        on:
          github:
            pull_request: [opened, synchronize]
        workspace:
          repository: https://github.com/acme/calc.git
          branch: head
        agent:
          kind: openai
          models: [gpt-4.1-mini, gpt-4.1]
          escalate: { after_stalled: 2, at_budget_share: 0.5 }
        review:
          instructions: Look for missing tests.
        verify:
          - tests: [dotnet, test]
          - judge: Is it minimal?
            model: o3-mini
        ci:
          wait: 30m
        limits:
          max_cost_usd: 2
          stall_after: 3
        ---
        Fix what the review finds.
        """;

    [Fact]
    public void Parse_PullRequestLoop_HeadReviewLadderAndPushByDefault()
    {
        var loop = LoopDefinitionParser.Parse("/loops/pr-fix.md", PullRequestLoop);

        Assert.True(loop.OnPullRequestHead);
        Assert.True(loop.Outputs.Push);
        Assert.Equal((ReviewKind.Llm, "o3-mini", "Look for missing tests.", 20), (loop.Review!.Kind, loop.Review.Model, loop.Review.Instructions, loop.Review.MaxFindings));
        Assert.Equal("gpt-4.1-mini", loop.Agent.Model);
        Assert.Equal(["gpt-4.1-mini", "gpt-4.1"], loop.Agent.Escalation!.Models.Select(m => m.Model));
        Assert.Equal((2, 0.5), (loop.Agent.Escalation.AfterStalled, loop.Agent.Escalation.AtBudgetShare));
    }

    [Fact]
    public void Plan_StartedByAPullRequest_TargetsItWithFollowUpBranchAndPricedModels()
    {
        var loop = LoopDefinitionParser.Parse("/loops/pr-fix.md", PullRequestLoop);
        var request = new LoopRunRequest("pr-fix", "/loops/pr-fix.md", TriggeredBy: "github:pull_request", PullRequest: "12", GitHubRepository: "acme/calc");

        var plan = LoopPlanner.Plan(loop, request, "pr-fix-pr-acme-calc-12", "/work", new PriceTable(), new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new Plans.PullRequestTarget("acme/calc", 12), plan.PullRequest);
        Assert.True(plan.Workspace.OnPullRequestHead);
        Assert.Equal("loop/pr-fix/pr-fix-pr-acme-calc-12", plan.Workspace.FollowUpBranch);
        Assert.Equal([(0.40m, 1.60m), (2.00m, 8.00m)], plan.Agent.Escalation!.Models.Select(m => (m.InputPricePerMillion, m.OutputPricePerMillion)));
        Assert.Equal((0.40m, 1.60m), (plan.Agent.InputPricePerMillion, plan.Agent.OutputPricePerMillion));
        Assert.Equal((1.10m, 4.40m), (plan.Review!.InputPricePerMillion, plan.Review.OutputPricePerMillion));
    }

    [Fact]
    public void Plan_ManualStartWithInput_TargetsThePullRequestFromTheInputAndTheRepositoryUrl()
    {
        var loop = LoopDefinitionParser.Parse("/loops/pr-fix.md", PullRequestLoop);
        var request = new LoopRunRequest("pr-fix", "/loops/pr-fix.md", Input: """{"pull_request": 31}""");

        var plan = LoopPlanner.Plan(loop, request, "run-1", "/work", new PriceTable(), DateTime.UnixEpoch);

        Assert.Equal(new Plans.PullRequestTarget("acme/calc", 31), plan.PullRequest);
    }

    [Fact]
    public void Plan_ManualStartWithoutAPullRequest_ClearError()
    {
        var loop = LoopDefinitionParser.Parse("/loops/pr-fix.md", PullRequestLoop);

        var error = Assert.Throws<LoopFunctionsException>(() => LoopPlanner.Plan(loop, new LoopRunRequest("pr-fix", "/loops/pr-fix.md"), "run-1", "/work", new PriceTable(), DateTime.UnixEpoch));

        Assert.Contains("{\"pull_request\": <number>}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommandReviewerAndCommandAgentLadder_ModelPlaceholderKept()
    {
        var loop = LoopDefinitionParser.Parse("/loops/pr.md", """
            ---
            workspace: { branch: head }
            agent:
              kind: command
              command: [my-agent, --model, "{model}"]
              models: [small, large]
            review:
              command: [./review.sh, "{diff_file}"]
              env: [REVIEW_TOKEN]
            verify:
              - command: [make, test]
            ---
            Goal
            """);

        Assert.Equal((ReviewKind.Command, "small", 3), (loop.Review!.Kind, loop.Agent.Model, loop.Agent.Escalation!.AfterStalled));
        Assert.Equal(["my-agent", "--model", "{model}"], loop.Agent.Command!);
        Assert.Equal(["REVIEW_TOKEN"], loop.Review.Environment);
    }

    [Theory]
    [InlineData("workspace: { branch: loop/x }\nreview: { model: m }\n", 4, "'review' reads a pull request's diff; it needs workspace.branch: head")]
    [InlineData("workspace: { branch: head }\noutputs:\n  pull_request: { title: t }\n", 5, "'outputs.pull_request' opens a new pull request")]
    [InlineData("workspace: { branch: head }\noutputs:\n  commit: on_success\n", 5, "'outputs.commit: on_success' squashes")]
    [InlineData("workspace: { branch: head }\nreview: { model: m, command: [x] }\n", 4, "'review' has either a command or a model, not both")]
    public void Parse_PullRequestMistakes_ReportedAtTheirLine(string yaml, int line, string message) =>
        AssertError(yaml, line, message);

    [Theory]
    [InlineData("agent:\n  kind: openai\n  model: a\n  models: [a, b]\n", 5, "'agent' has either model (one model) or models")]
    [InlineData("agent:\n  kind: openai\n  models: [a]\n", 4, "'agent.models' lists two or more distinct models")]
    [InlineData("agent:\n  kind: openai\n  model: a\n  escalate: { after_stalled: 2 }\n", 5, "'agent.escalate' needs 'agent.models'")]
    [InlineData("agent:\n  kind: openai\n  models: [a, b]\n  escalate: { after_stalled: 5 }\nlimits: { stall_after: 3 }\n", 5, "the loop would stall before it escalates")]
    [InlineData("agent:\n  kind: openai\n  models: [a, b]\n  escalate: { at_budget_share: 1.5 }\n", 5, "'agent.escalate.at_budget_share' must be a number from 0 to 1")]
    public void Parse_LadderMistakes_ReportedAtTheirLine(string yaml, int line, string message) =>
        AssertError(yaml, line, message, withAgent: false);

    private static void AssertError(string yaml, int line, string message, bool withAgent = true)
    {
        var text = "---\n" + (withAgent ? "agent: { kind: command, command: [a] }\n" : "") + yaml + "verify:\n  - command: [make]\n---\nGoal";
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", text));

        Assert.Contains(error.Errors, e => e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
    }
}
