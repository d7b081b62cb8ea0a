using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

public sealed class GitWorkspacePrepareTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();

    public Task InitializeAsync() => _git.InitializeAsync();

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task PrepareAsync_FreshWorkRoot_MakesProjectRepositoryWithWorkBranchAtBaseAndTheTree()
    {
        var info = await _git.PrepareAsync("fix-tests-1", _git.Plan("loop/fix-tests/1"));

        var folder = new RunFolder(info.Path);
        Assert.Equal(Path.Combine(_git.WorkRoot, "fix-tests-1"), info.Path);
        Assert.Equal((_git.SeedCommit, "loop/fix-tests/1", _git.SeedCommit), (info.BaseCommit, info.Branch, info.Head));
        Assert.Equal("loop/fix-tests/1", (await Git.RunAsync(info.Path, CancellationToken.None, "symbolic-ref", "--short", "HEAD")).Trim());
        Assert.Equal(_git.SeedCommit, await GitSandbox.RevAsync(info, "main"));
        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(folder.Tree, "README.md")));
        // The agent's own repository is at the same commit, so git status in the tree is clean.
        Assert.Equal("", await GitSandbox.StatusAsync(folder.Tree));
    }

    [Fact]
    public async Task PrepareAsync_SecondCallAfterRemoteMovedOn_ReusesFolderBranchAndBase()
    {
        var first = await _git.PrepareAsync();
        GitSandbox.Write(new RunFolder(first.Path).Tree, "work.txt", "agent work\n");
        var workCommit = await GitSandbox.CommitTreeAsync(first, "step 1", "run/1");
        var moved = await _git.AdvanceRemoteAsync();

        var second = await _git.PrepareAsync();

        Assert.Equal(first with { Head = workCommit }, second);
        Assert.NotEqual(moved, second.BaseCommit);
        Assert.Equal("agent work\n", await File.ReadAllTextAsync(Path.Combine(new RunFolder(second.Path).Tree, "work.txt")));
    }

    [Fact]
    public async Task PrepareAsync_SameIdWithAnotherLoop_Refused()
    {
        await _git.PrepareAsync("shared");

        var ex = await Assert.ThrowsAsync<StepRejectedException>(() => GitWorkspace.PrepareAsync(_git.Plan(), "shared", "another-loop", CancellationToken.None));

        Assert.Contains("loop 'test-loop'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_IdsDifferingOnlyInPunctuation_GetTheirOwnFolders()
    {
        var spaced = await _git.PrepareAsync("c d");
        var dashed = await _git.PrepareAsync("c-d");

        Assert.NotEqual(spaced.Path, dashed.Path);
        Assert.Equal(2, Directory.GetDirectories(_git.WorkRoot).Length);
    }

    [Fact]
    public async Task PrepareAsync_FolderWithoutRunRecord_MadeAgain()
    {
        var path = Path.Combine(_git.WorkRoot, "run-1");
        GitSandbox.Write(path, "half-made.txt", "debris");

        var info = await _git.PrepareAsync();

        Assert.Equal(path, info.Path);
        Assert.False(File.Exists(Path.Combine(path, "half-made.txt")));
        Assert.Equal(_git.SeedCommit, info.BaseCommit);
    }

    [Fact]
    public async Task PrepareAsync_FolderKilledHalfwayLeftBeside_MakesItWholeAndRemovesIt()
    {
        // The repository is made beside the run folder and renamed, so a SIGKILLed one stays beside it.
        var killed = Path.Combine(_git.WorkRoot, "run-1.partial-0123");
        Directory.CreateDirectory(_git.WorkRoot);
        await Git.RunAsync(_git.WorkRoot, CancellationToken.None, "init", "--quiet", "--bare", Path.Combine(killed, ".git"));

        var info = await _git.PrepareAsync();

        Assert.Equal(Path.Combine(_git.WorkRoot, "run-1"), info.Path);
        Assert.False(Directory.Exists(killed));
        Assert.Equal([info.Path], Directory.GetDirectories(_git.WorkRoot));
    }

    [Fact]
    public async Task PrepareAsync_MissingBaseBranch_ThrowsWorkspaceExceptionWithGitError()
    {
        var plan = _git.Plan() with { BaseBranch = "no-such-branch" };

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => _git.PrepareAsync(plan: plan));

        Assert.Contains("no-such-branch", ex.Message, StringComparison.Ordinal);
    }
}
