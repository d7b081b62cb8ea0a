using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

public sealed class GitWorkspacePrepareTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();

    public Task InitializeAsync() => _git.InitializeAsync();

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task PrepareAsync_FreshWorkRoot_ClonesAndCreatesWorkBranchAtBase()
    {
        var info = await GitWorkspace.PrepareAsync(_git.Plan("loop/fix-tests/1"), CancellationToken.None);

        Assert.Equal(Path.Combine(_git.WorkRoot, "loop_fix-tests_1"), info.Path);
        Assert.Equal(_git.SeedCommit, info.BaseCommit);
        Assert.Equal("loop/fix-tests/1", info.Branch);
        Assert.Equal("loop/fix-tests/1", (await Git.RunAsync(info.Path, CancellationToken.None, "branch", "--show-current")).Trim());
        Assert.Equal(_git.SeedCommit, await GitSandbox.HeadAsync(info.Path));
        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(info.Path, "README.md")));
    }

    [Fact]
    public async Task PrepareAsync_SecondCallAfterRemoteMovedOn_ReusesCloneBranchAndBase()
    {
        var plan = _git.Plan();
        var first = await GitWorkspace.PrepareAsync(plan, CancellationToken.None);
        GitSandbox.Write(first.Path, "work.txt", "agent work\n");
        var workCommit = await GitWorkspace.CommitAsync(first.Path, "step 1", "run/1", allowEmpty: false, CancellationToken.None);
        var moved = await _git.AdvanceRemoteAsync();
        await Git.RunAsync(first.Path, CancellationToken.None, "fetch", "--quiet", "origin");

        var second = await GitWorkspace.PrepareAsync(plan, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.NotEqual(moved, second.BaseCommit);
        Assert.Equal(workCommit, await GitSandbox.HeadAsync(second.Path));
        Assert.Equal(plan.WorkBranch, (await Git.RunAsync(second.Path, CancellationToken.None, "branch", "--show-current")).Trim());
    }

    [Fact]
    public async Task PrepareAsync_InterruptedCloneFolder_ClonesAgain()
    {
        var plan = _git.Plan();
        var path = Path.Combine(_git.WorkRoot, "loop_test_1");
        GitSandbox.Write(path, "half-cloned.txt", "debris");

        var info = await GitWorkspace.PrepareAsync(plan, CancellationToken.None);

        Assert.Equal(path, info.Path);
        Assert.False(File.Exists(Path.Combine(path, "half-cloned.txt")));
        Assert.Equal(_git.SeedCommit, info.BaseCommit);
    }

    [Fact]
    public async Task PrepareAsync_CloneKilledHalfwayLeftBeside_ClonesWholeAndRemovesIt()
    {
        // A clone is made beside the workspace and renamed, so a SIGKILLed one (a .git without refs) stays beside it.
        var plan = _git.Plan();
        var killed = Path.Combine(_git.WorkRoot, "loop_test_1.partial-0123");
        Directory.CreateDirectory(_git.WorkRoot);
        await Git.RunAsync(_git.WorkRoot, CancellationToken.None, "init", "--quiet", killed);

        var info = await GitWorkspace.PrepareAsync(plan, CancellationToken.None);

        Assert.Equal(Path.Combine(_git.WorkRoot, "loop_test_1"), info.Path);
        Assert.Equal(_git.SeedCommit, info.BaseCommit);
        Assert.False(Directory.Exists(killed));
        Assert.Equal([info.Path], Directory.GetDirectories(_git.WorkRoot));
    }

    [Fact]
    public async Task PrepareAsync_SetupCommandRunsInClone_SeesRepositoryFiles()
    {
        var plan = _git.Plan(setup: ["bash", "-c", "cp README.md setup-ran.txt"]);

        var info = await GitWorkspace.PrepareAsync(plan, CancellationToken.None);

        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(info.Path, "setup-ran.txt")));
    }

    [Fact]
    public async Task PrepareAsync_FailingSetupCommand_ThrowsWorkspaceExceptionNamingIt()
    {
        var plan = _git.Plan(setup: ["bash", "-c", "echo dependency missing >&2; exit 3"]);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => GitWorkspace.PrepareAsync(plan, CancellationToken.None));

        Assert.Contains("bash -c echo dependency missing >&2; exit 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exit 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dependency missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_MissingBaseBranch_ThrowsWorkspaceExceptionWithGitError()
    {
        var plan = _git.Plan() with { BaseBranch = "no-such-branch" };

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => GitWorkspace.PrepareAsync(plan, CancellationToken.None));

        Assert.Contains("git clone", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-branch", ex.Message, StringComparison.Ordinal);
    }
}
