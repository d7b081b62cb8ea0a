using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Activities;

public sealed class ProtectedPathsTests
{
    private static readonly GovernancePlan Governance = new([], ["tests/**"], [], TimeSpan.FromDays(1));

    [Fact]
    public void For_NoChecks_ProtectPathsThenCiDefaults()
    {
        var globs = ProtectedPaths.For(Governance with { ProtectTestMachinery = false }, [], "/outside/loop.md", "/repo");

        Assert.Equal(["tests/**", .. ProtectedPaths.Defaults], globs.Select(g => g.Pattern));
    }

    [Fact]
    public void For_TestsProtected_TestMachineryAndTheScriptFilesOfTheChecksProgramsToo()
    {
        var checks = new[] { new CheckPlan("a", CheckKind.Command, ["npm", "test"], TimeSpan.FromMinutes(1)) };

        var globs = ProtectedPaths.For(Governance, checks, "/outside/loop.md", "/repo");

        Assert.Equal(["tests/**", .. ProtectedPaths.Defaults, .. TestMachinery.Paths], globs.Select(g => g.Pattern).Take(1 + ProtectedPaths.Defaults.Count + TestMachinery.Paths.Count));
        foreach (var path in new[] { "conftest.py", "src/pkg/conftest.py", "pytest.ini", "pyproject.toml", "Directory.Build.targets", "src/Directory.Build.props", "ci.runsettings", "jest.config.ts", "calc_test.go", "package.json", ".gitattributes", "src/.gitattributes" })
        {
            Assert.True(PathGlob.AnyMatch(globs, path), path + " is not protected");
        }

        Assert.False(PathGlob.AnyMatch(globs, "src/calc.py"));
    }

    [Theory]
    [InlineData(true, new[] { "spec/**" }, true)]
    [InlineData(true, new[] { "src/legacy/**" }, false)]
    [InlineData(false, new[] { "tests/**" }, false)]
    public void For_MachineryOnlyWhenTestsAreProtectedAndNotTurnedOff(bool machinery, string[] protect, bool expected)
    {
        var governance = new GovernancePlan([], protect, [], TimeSpan.FromDays(1)) { ProtectTestMachinery = machinery };

        var globs = ProtectedPaths.For(governance, [], "/outside/loop.md", "/repo");

        Assert.Equal(expected, PathGlob.AnyMatch(globs, "conftest.py"));
    }

    [Theory]
    [InlineData("src/calc.pyc", 'A', "a compiled or binary artifact (.pyc)")]
    [InlineData("lib/native.so", 'M', "a compiled or binary artifact (.so)")]
    [InlineData("src/__pycache__/calc.cpython-312.py", 'A', "a compiled or binary artifact (__pycache__)")]
    [InlineData("unittest/__init__.py", 'A', "shadows the standard library's or a test runner's module")]
    [InlineData("pytest.py", 'A', "shadows")]
    [InlineData("src/unittest/helpers.py", 'A', null)]
    [InlineData("types/index.d.ts", 'A', null)]
    [InlineData("old.dll", 'D', null)]
    [InlineData("src/calc.py", 'M', null)]
    public void Rejection_BinariesAndShadowingModules_RejectedWithTheReason(string path, char kind, string? expected)
    {
        var why = TestMachinery.Rejection(new ChangedPath(path, kind, null, 1, 0, "100644"));

        if (expected is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(expected, why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void For_CheckArgv_ProtectsEveryRelativeNameWithOrWithoutASlash()
    {
        var checks = new[]
        {
            new CheckPlan("a", CheckKind.Command, ["bash", "scripts/check.sh", "--config=cfg/x.json", "/usr/bin/env", "src/*.cs", "../outside/x.sh", "-q", "run_tests.sh"], TimeSpan.FromMinutes(1)),
            new CheckPlan("b", CheckKind.Tests, ["dotnet", "test", "tests/Calc.Tests"], TimeSpan.FromMinutes(1)),
            new CheckPlan("c", CheckKind.Command, ["./verify.sh"], TimeSpan.FromMinutes(1)),
            new CheckPlan("d", CheckKind.Judge, null, TimeSpan.FromMinutes(1)),
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
        var check = new CheckPlan("a", CheckKind.Command, ["bash", "scripts/check.sh"], TimeSpan.FromMinutes(1));

        var patterns = ProtectedPaths.For(governance, [check], "/outside/loop.md", "/repo").Select(g => g.Pattern).ToList();

        Assert.Equal(patterns.Distinct(StringComparer.Ordinal).Count(), patterns.Count);
        Assert.Single(patterns, "scripts/check.sh");
    }
}
