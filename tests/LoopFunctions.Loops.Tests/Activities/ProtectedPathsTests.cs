using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

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
    public void For_CheckArgv_ProtectsEveryRelativeNameWithOrWithoutASlash()
    {
        var checks = new[]
        {
            new CheckPlan("a", "command", ["bash", "scripts/check.sh", "--config=cfg/x.json", "/usr/bin/env", "src/*.cs", "../outside/x.sh", "-q", "run_tests.sh"], TimeSpan.FromMinutes(1)),
            new CheckPlan("b", "tests", ["dotnet", "test", "tests/Calc.Tests"], TimeSpan.FromMinutes(1)),
            new CheckPlan("c", "command", ["./verify.sh"], TimeSpan.FromMinutes(1)),
            new CheckPlan("d", "judge", null, TimeSpan.FromMinutes(1)),
        };

        var globs = ProtectedPaths.For(Governance, checks, "/outside/loop.md", "/repo");

        foreach (var path in new[] { "scripts/check.sh", "cfg/x.json", "run_tests.sh", "verify.sh", "tests/Calc.Tests/Calc.Tests.csproj", "tests/Calc.Tests/CalcTests.cs" })
        {
            Assert.True(PathGlob.AnyMatch(globs, path), path + " is not protected");
        }

        Assert.DoesNotContain(globs, g => g.Pattern.Contains("usr", StringComparison.Ordinal) || g.Pattern.Contains("*.cs", StringComparison.Ordinal)
            || g.Pattern.Contains("outside", StringComparison.Ordinal) || g.Pattern.StartsWith('-'));
        Assert.False(PathGlob.AnyMatch(globs, "src/calc.sh"));
    }

    [Fact]
    public void For_SetupArgv_AlsoProtected()
    {
        var globs = ProtectedPaths.For(Governance, [], "/outside/loop.md", "/repo", ["bash", "scripts/setup.sh"]);

        Assert.True(PathGlob.AnyMatch(globs, "scripts/setup.sh"));
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
