using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Guard;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Activities;

/// <summary>The guard run directly against a real clone: what the agent changed, judged against the plan's paths.</summary>
public sealed class GuardActivityTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private WorkspaceInfo _workspace = new("", "", "");

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _workspace = await _git.PrepareAsync();
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_NoChanges_AllowedWithZeroCounts()
    {
        var outcome = await GuardAsync(Plan());

        Assert.Equal((true, 0, 0, 0), (outcome.Allowed, outcome.FilesChanged, outcome.Insertions, outcome.Deletions));
        Assert.Empty(outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_ChangesOutsideProtectedPaths_AllowedWithCounts()
    {
        Write("src/app.txt", "one\n2\nthree\nfour\n");
        Write("src/new.txt", "a\nb\n");

        var outcome = await GuardAsync(Plan(protect: ["tests/**"]));

        Assert.True(outcome.Allowed);
        Assert.Equal((2, 4, 1), (outcome.FilesChanged, outcome.Insertions, outcome.Deletions));
    }

    [Fact]
    public async Task RunAsync_ProtectedPathChanged_Violation()
    {
        Write("tests/test_app.txt", "assert true\n");
        Write("src/app.txt", "fixed\n");

        var outcome = await GuardAsync(Plan(protect: ["tests/**"]));

        Assert.False(outcome.Allowed);
        Assert.Equal(["tests/test_app.txt: protected by 'tests/**'"], outcome.Violations);
        Assert.Equal(2, outcome.FilesChanged);
    }

    [Fact]
    public async Task RunAsync_ProtectedFileDeleted_Violation()
    {
        File.Delete(Path.Combine(Tree, "tests/keep.txt"));

        var outcome = await GuardAsync(Plan(protect: ["tests/**"]));

        Assert.Equal(["tests/keep.txt: protected by 'tests/**'"], outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_ChangeOutsideAllowPaths_Violation()
    {
        Write("src/app.txt", "fixed\n");
        Write("README.md", "rewritten\n");

        var outcome = await GuardAsync(Plan(allow: ["src/**", "docs/"]));

        Assert.False(outcome.Allowed);
        Assert.Equal(["README.md: not in allow_paths (src/**, docs/)"], outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_ProtectedInsideAllowPaths_ProtectionWins()
    {
        Write("src/generated/schema.txt", "changed\n");

        var outcome = await GuardAsync(Plan(allow: ["src/**"], protect: ["src/generated/**"]));

        Assert.Equal(["src/generated/schema.txt: protected by 'src/generated/**'"], outcome.Violations);
    }

    [Theory]
    [InlineData(".github/workflows/ci.yml", ".github/workflows/**")]
    [InlineData(".gitlab-ci.yml", ".gitlab-ci.yml")]
    [InlineData("azure-pipelines.yml", "azure-pipelines.yml")]
    public async Task RunAsync_CiConfigChanged_ProtectedByDefault(string file, string rule)
    {
        Write(file, "on: push\n");

        var outcome = await GuardAsync(Plan());

        Assert.Equal([$"{file}: protected by '{rule}'"], outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_CheckScriptFromArgvChanged_Violation()
    {
        Write("scripts/check.sh", "exit 0\n");
        var check = new CheckPlan("check", CheckKind.Command, ["bash", "scripts/check.sh", "--strict"], TimeSpan.FromMinutes(1));

        var outcome = await GuardAsync(Plan() with { Checks = [check] });

        Assert.Equal(["scripts/check.sh: protected by 'scripts/check.sh'"], outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_LoopFileInsideRepository_Violation()
    {
        Write(".loops/fix.md", "goal: anything\n");
        var plan = Plan() with { SourcePath = Path.Combine(_git.Remote, ".loops", "fix.md") };

        var outcome = await GuardAsync(plan);

        Assert.Equal([".loops/fix.md: protected by '.loops/fix.md'"], outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_ProtectedChangeHiddenWithSkipWorktree_StillAViolation()
    {
        Write("tests/test_app.txt", "assert true\n");
        await Git.RunAsync(Tree, CancellationToken.None, "update-index", "--skip-worktree", "tests/test_app.txt");
        await Git.RunAsync(Tree, CancellationToken.None, "update-index", "--assume-unchanged", "tests/keep.txt");

        var outcome = await GuardAsync(Plan(protect: ["tests/**"]));

        Assert.Equal(["tests/test_app.txt: protected by 'tests/**'"], outcome.Violations);
        Assert.NotNull(outcome.Candidate);
    }

    [Theory]
    [InlineData("/etc/hostname", "leak: a symbolic link to '/etc/hostname', an absolute path outside the repository")]
    [InlineData("../../x", "leak: a symbolic link to '../../x', outside the repository")]
    [InlineData(".git/config", "leak: a symbolic link to '.git/config', into a .git folder")]
    public async Task RunAsync_LinkLeadingOutside_Violation(string target, string expected)
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "leak"), target);

        var outcome = await GuardAsync(Plan());

        Assert.Equal([expected], outcome.Violations);
    }

    [Fact]
    public async Task RunAsync_LinkOutsideOnlyThroughAnotherLink_Violation()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "src", "here"), ".");
        File.CreateSymbolicLink(Path.Combine(Tree, "up"), "src/here/../..");

        var outcome = await GuardAsync(Plan());

        Assert.Contains(outcome.Violations, v => v.StartsWith("up: a symbolic link to 'src/here/../..', outside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_LinkInsideTheRepository_Allowed()
    {
        File.CreateSymbolicLink(Path.Combine(Tree, "src", "readme"), "../README.md");

        var outcome = await GuardAsync(Plan());

        Assert.True(outcome.Allowed, string.Join("; ", outcome.Violations));
    }

    private async Task<GuardOutcome> GuardAsync(LoopPlan plan)
    {
        return await new GuardActivity(TestActivity.Lifetime).RunAsync(TestActivity.Context("Guard"), new GuardInput(_workspace, _workspace.BaseCommit, plan));
    }

    private string Tree => new RunFolder(_workspace.Path).Tree;

    private void Write(string relativePath, string content) => GitSandbox.Write(Tree, relativePath, content);

    private LoopPlan Plan(IReadOnlyList<string>? allow = null, IReadOnlyList<string>? protect = null) => new(
        "guarded",
        "/elsewhere/loops/guarded.md",
        "Make the tests pass.",
        _git.Plan(),
        new AgentPlan("command", ["agent"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(5), [], 0m, 0m),
        [],
        new LimitsPlan(5, null, null, null, 0),
        new GovernancePlan(allow ?? [], protect ?? [], [], TimeSpan.FromDays(1)),
        new OutputsPlan(CommitMode.EachIteration, false, "origin", null, null));
}
