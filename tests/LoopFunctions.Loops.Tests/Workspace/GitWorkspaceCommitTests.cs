using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>BranchCommit, SquashAsync and PushAsync on a real run folder and a bare remote.</summary>
public sealed class GitWorkspaceCommitTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private WorkspaceInfo _workspace = new("", "", "");
    private string _tree = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _workspace = await _git.PrepareAsync(plan: _git.Plan("loop/push/1"));
        _tree = new RunFolder(_workspace.Path).Tree;
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    private Task<string> TipAsync() => GitSandbox.RevAsync(_workspace, "refs/heads/loop/push/1");

    [Fact]
    public async Task CommitAsync_Changes_CommitsTheCandidateWithTrailer()
    {
        GitSandbox.Write(_tree, "fix.txt", "fixed\n");

        var commit = await GitSandbox.CommitTreeAsync(_workspace, "Fix the tests", "run-1/iteration-1");

        Assert.Equal(await TipAsync(), commit);
        Assert.Equal(_workspace.BaseCommit, await GitSandbox.RevAsync(_workspace, commit + "~1"));
        Assert.Equal("fixed\n", await Git.RunAsync(_workspace.Path, CancellationToken.None, "show", commit + ":fix.txt"));
        var body = await Git.RunAsync(_workspace.Path, CancellationToken.None, "log", "-1", "--format=%B", commit!);
        Assert.StartsWith("Fix the tests", body, StringComparison.Ordinal);
        Assert.Contains("Loop-Step: run-1/iteration-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_RetriedWithSameTrailer_ReturnsSameCommitWithoutSecondCommit()
    {
        GitSandbox.Write(_tree, "fix.txt", "fixed\n");
        var first = await GitSandbox.CommitTreeAsync(_workspace, "step", "run-1/iteration-1");

        var retried = await BranchCommit.CommitAsync(new CommitInput(_workspace, "step", "run-1/iteration-1", AllowEmpty: true, Head: _workspace.BaseCommit), CancellationToken.None);

        Assert.Equal(first, retried);
        Assert.Equal("1", (await Git.RunAsync(_workspace.Path, CancellationToken.None, "rev-list", "--count", _workspace.BaseCommit + "..loop/push/1")).Trim());
    }

    [Fact]
    public async Task CommitAsync_NextStepWithNewTrailer_MakesNewCommit()
    {
        GitSandbox.Write(_tree, "a.txt", "a\n");
        var first = await GitSandbox.CommitTreeAsync(_workspace, "step 1", "run-1/iteration-1");
        GitSandbox.Write(_tree, "b.txt", "b\n");

        var second = await GitSandbox.CommitTreeAsync(_workspace, "step 2", "run-1/iteration-2");

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(first, await GitSandbox.RevAsync(_workspace, second + "~1"));
    }

    [Fact]
    public async Task CommitAsync_EmptyDiff_ReturnsNull()
    {
        var commit = await GitSandbox.CommitTreeAsync(_workspace, "nothing", "run-1/iteration-1");

        Assert.Null(commit);
        Assert.Equal(_workspace.BaseCommit, await TipAsync());
    }

    [Fact]
    public async Task CommitAsync_HandoffWithAllowEmpty_MakesEmptyCommitAndLeavesTheTreeOut()
    {
        GitSandbox.Write(_tree, "rejected.txt", "the guard said no\n");

        var commit = await BranchCommit.CommitAsync(new CommitInput(_workspace, "hand-off", "run-1/handoff", AllowEmpty: true, DiscardChangesSince: _workspace.BaseCommit), CancellationToken.None);

        Assert.Equal(await TipAsync(), commit);
        Assert.Equal(await GitSandbox.RevAsync(_workspace, _workspace.BaseCommit + "^{tree}"), await GitSandbox.RevAsync(_workspace, commit + "^{tree}"));
    }

    [Fact]
    public async Task CommitAsync_MessageOfHundredsOfKilobytes_Commits()
    {
        GitSandbox.Write(_tree, "fix.txt", "fixed\n");
        var message = "summary " + new string('x', 400_000);

        var commit = await GitSandbox.CommitTreeAsync(_workspace, message, "run-1/iteration-1");

        var body = await Git.RunAsync(_workspace.Path, CancellationToken.None, "log", "-1", "--format=%B", commit!);
        Assert.StartsWith(message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_BranchMovedSinceTheStepStarted_Refused()
    {
        GitSandbox.Write(_tree, "a.txt", "a\n");
        await GitSandbox.CommitTreeAsync(_workspace, "step 1", "run-1/iteration-1");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => BranchCommit.CommitAsync(new CommitInput(_workspace, "stale", "run-1/iteration-2", Candidate: _workspace.BaseCommit, Head: _workspace.BaseCommit), CancellationToken.None));

        Assert.Contains("refusing to move it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SquashAsync_SeveralCommits_LeavesOneCommitWithSameTree()
    {
        for (var i = 1; i <= 3; i++)
        {
            GitSandbox.Write(_tree, $"file{i}.txt", $"{i}\n");
            await GitSandbox.CommitTreeAsync(_workspace, $"step {i}", $"run-1/iteration-{i}");
        }

        var treeBefore = await GitSandbox.RevAsync(_workspace, "loop/push/1^{tree}");

        await GitWorkspace.SquashAsync(_workspace, "Loop result", CancellationToken.None);
        var squashed = await TipAsync();
        await GitWorkspace.SquashAsync(_workspace, "Loop result", CancellationToken.None);

        Assert.Equal(squashed, await TipAsync());
        Assert.Equal(_workspace.BaseCommit, await GitSandbox.RevAsync(_workspace, squashed + "~1"));
        Assert.Equal(treeBefore, await GitSandbox.RevAsync(_workspace, squashed + "^{tree}"));
        Assert.Equal("Loop result", (await Git.RunAsync(_workspace.Path, CancellationToken.None, "log", "-1", "--format=%s", squashed)).Trim());
    }

    [Fact]
    public async Task PushAsync_WorkBranch_AppearsOnBareRemoteAndRepushIsHarmless()
    {
        GitSandbox.Write(_tree, "fix.txt", "fixed\n");
        var commit = await GitSandbox.CommitTreeAsync(_workspace, "step", "run-1/iteration-1");

        var pushed = await GitWorkspace.PushAsync(_workspace, "origin", CancellationToken.None);
        var again = await GitWorkspace.PushAsync(_workspace, "origin", CancellationToken.None);

        Assert.Equal("origin/loop/push/1", pushed);
        Assert.Equal(pushed, again);
        Assert.Equal(commit, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/loop/push/1"));
        Assert.Equal(_git.SeedCommit, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/main"));
    }

    [Fact]
    public async Task PushAsync_UnknownRemote_ThrowsWorkspaceExceptionNamingCommand()
    {
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => GitWorkspace.PushAsync(_workspace, "nowhere", CancellationToken.None));

        Assert.Contains("git push", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }
}
