using System.Text.Json;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Loops.Tests.Planning;

/// <summary>The plan says how the workspace's setup is confined, with the network rule the verification's setup
/// follows, and leaves the JSON of an unconfined plan as it was.</summary>
public sealed class SetupSandboxPlanTests
{
    [Theory]
    [InlineData("", "", false, "")]
    [InlineData("  network: true\n", "", true, "")]
    [InlineData("  network: [api.nuget.org]\n", "", false, "api.nuget.org")]
    [InlineData("  network: true\n", "  setup_network: false\n", false, "")]
    [InlineData("", "  setup_network: [registry.npmjs.org]\n", false, "registry.npmjs.org")]
    public void Plan_SandboxedAgent_SetupConfinedWithTheSetupsNetworkElseTheAgents(string agentKeys, string workspaceKeys, bool network, string hosts)
    {
        var plan = Plan(agentKeys, workspaceKeys);

        var confined = Assert.IsType<Plans.SetupSandboxPlan>(plan.Workspace.SetupSandbox);
        Assert.Equal((network, hosts), (confined.Network, string.Join(",", confined.Hosts)));
    }

    [Fact]
    public void Plan_AgentUnconfined_SetupUnconfinedAndLeftOutOfTheJson()
    {
        var plan = Plan("  sandbox: none\n", "");

        Assert.Null(plan.Workspace.SetupSandbox);
        Assert.DoesNotContain("setupSandbox", JsonSerializer.Serialize(plan.Workspace, LoopSerialization.Options), StringComparison.Ordinal);
    }

    private static Plans.LoopPlan Plan(string agentKeys, string workspaceKeys)
    {
        var text = $"---\nworkspace:\n  setup: [npm, ci]\n{workspaceKeys}agent:\n  kind: command\n  command: [x]\n{agentKeys}verify:\n  - command: [m]\n---\nGoal";
        var loop = LoopDefinitionParser.Parse("/loops/s.md", text);
        return LoopPlanner.Plan(loop, new LoopRunRequest("s", "/loops/s.md", "/repo"), "s-1", "/work", new PriceTable(), DateTime.UnixEpoch);
    }
}
