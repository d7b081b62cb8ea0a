using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Activities;

/// <summary>The scripts a review or a deployment runs from the repository are protected like check scripts: a
/// deployment script the agent rewrote would run with the deployment's credentials.</summary>
public sealed class ProtectedPathsOutputsTests
{
    [Fact]
    public void For_ReviewAndDeployCommands_ProtectTheScriptsTheyName()
    {
        var checks = new[] { new DeployCheckPlan("smoke", DeployCheckKind.Command, null, 200, null, null, ["scripts/smoke.sh", "{url}"], TimeSpan.FromSeconds(30), 0, TimeSpan.Zero) };
        var plan = new LoopPlan(
            "ship",
            "/loops/ship.md",
            "Ship it.",
            new WorkspacePlan("/repo", "main", "loop/ship/1", "/work", null),
            new AgentPlan("command", ["agent"], "m", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(5), [], 0m, 0m),
            [new CheckPlan("unit", CheckKind.Command, ["make", "test"], TimeSpan.FromMinutes(1))],
            new LimitsPlan(5, null, null, null, 3),
            new GovernancePlan([], [], [], TimeSpan.FromDays(1)),
            new OutputsPlan(CommitMode.EachIteration, false, "origin", null, null) { Deploy = new DeployPlan(DeployKind.Command, ["./deploy/run.sh", "{commit}"], "https://x.example/", checks, ["deploy/rollback.sh"], false, TimeSpan.FromMinutes(5), []) })
        {
            Review = new ReviewPlan(ReviewKind.Command, ["tools/review.py", "{diff_file}"], null, null, false, null, null, 20, TimeSpan.FromMinutes(5), []),
        };

        var globs = ProtectedPaths.For(plan);

        foreach (var path in new[] { "deploy/run.sh", "deploy/rollback.sh", "scripts/smoke.sh", "tools/review.py" })
        {
            Assert.True(PathGlob.AnyMatch(globs, path), path + " is not protected");
        }

        Assert.False(PathGlob.AnyMatch(globs, "src/app.cs"));
    }
}
