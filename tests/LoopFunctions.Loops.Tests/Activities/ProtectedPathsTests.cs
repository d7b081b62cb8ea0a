using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Tests.Activities;

public sealed class ProtectedPathsTests
{
    private static readonly GovernancePlan Governance = new([], ["tests/**"], [], TimeSpan.FromDays(1));

    [Fact]
    public void For_NoChecks_ProtectPathsThenCiDefaults()
    {
        var globs = ProtectedPaths.For(Governance, [], "/outside/loop.md", "/repo");

        Assert.Equal(["tests/**", .. ProtectedPaths.Defaults], globs.Select(g => g.Pattern));
    }

    [Fact]
    public void For_CheckArgv_ProtectsOnlyRelativeRepositoryPaths()
    {
        var checks = new[]
        {
            new CheckPlan("a", "command", ["bash", "scripts/check.sh", "--config=cfg/x.json", "/usr/bin/env", "src/*.cs", "../outside/x.sh", "plain"], TimeSpan.FromMinutes(1)),
            new CheckPlan("b", "tests", ["dotnet", "test", "tests/App.Tests/App.Tests.csproj"], TimeSpan.FromMinutes(1)),
            new CheckPlan("c", "judge", null, TimeSpan.FromMinutes(1)),
        };

        var patterns = ProtectedPaths.For(Governance, checks, "/outside/loop.md", "/repo").Select(g => g.Pattern).ToList();

        Assert.Contains("scripts/check.sh", patterns);
        Assert.Contains("tests/App.Tests/App.Tests.csproj", patterns);
        Assert.DoesNotContain(patterns, p => p.Contains("cfg", StringComparison.Ordinal) || p.Contains("usr", StringComparison.Ordinal)
            || p.Contains("*.cs", StringComparison.Ordinal) || p.Contains("outside", StringComparison.Ordinal) || p == "plain");
    }

    [Fact]
    public void For_LoopFileInsideRepository_IsProtected()
    {
        var patterns = ProtectedPaths.For(Governance, [], "/repo/.loops/fix.md", "/repo").Select(g => g.Pattern);

        Assert.Contains(".loops/fix.md", patterns);
    }

    [Fact]
    public void For_DuplicatePatterns_AppearOnce()
    {
        var governance = Governance with { ProtectPaths = ["azure-pipelines.yml", "scripts/check.sh"] };
        var check = new CheckPlan("a", "command", ["bash", "scripts/check.sh"], TimeSpan.FromMinutes(1));

        var patterns = ProtectedPaths.For(governance, [check], "/outside/loop.md", "/repo").Select(g => g.Pattern).ToList();

        Assert.Equal(patterns.Distinct(StringComparer.Ordinal).Count(), patterns.Count);
        Assert.Single(patterns, "scripts/check.sh");
    }
}
