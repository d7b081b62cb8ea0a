using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>CommitAsync, SquashAsync and PushAsync on a real clone of a bare remote.</summary>
public sealed class GitWorkspaceCommitTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private string _path = "";
    private string _base = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        var info = await GitWorkspace.PrepareAsync(_git.Plan("loop/push/1"), CancellationToken.None);
        (_path, _base) = (info.Path, info.BaseCommit);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task CommitAsync_Changes_CommitsEverythingWithTrailer()
    {
        GitSandbox.Write(_path, "fix.txt", "fixed\n");

        var commit = await GitWorkspace.CommitAsync(_path, "Fix the tests", "run-1/iteration-1", allowEmpty: false, CancellationToken.None);

        Assert.Equal(await GitSandbox.HeadAsync(_path), commit);
        Assert.Equal(_base, await GitSandbox.HeadAsync(_path, "HEAD~1"));
        Assert.Equal("", await GitSandbox.StatusAsync(_path));
        var body = await Git.RunAsync(_path, CancellationToken.None, "log", "-1", "--format=%B");
        Assert.StartsWith("Fix the tests", body, StringComparison.Ordinal);
        Assert.Contains("Loop-Step: run-1/iteration-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_RetriedWithSameTrailer_ReturnsSameCommitWithoutSecondCommit()
    {
        GitSandbox.Write(_path, "fix.txt", "fixed\n");
        var first = await GitWorkspace.CommitAsync(_path, "step", "run-1/iteration-1", allowEmpty: false, CancellationToken.None);

        var retried = await GitWorkspace.CommitAsync(_path, "step", "run-1/iteration-1", allowEmpty: true, CancellationToken.None);

        Assert.Equal(first, retried);
        Assert.Equal("1", (await Git.RunAsync(_path, CancellationToken.None, "rev-list", "--count", _base + "..HEAD")).Trim());
    }

    [Fact]
    public async Task CommitAsync_NextStepWithNewTrailer_MakesNewCommit()
    {
        GitSandbox.Write(_path, "a.txt", "a\n");
        var first = await GitWorkspace.CommitAsync(_path, "step 1", "run-1/iteration-1", allowEmpty: false, CancellationToken.None);
        GitSandbox.Write(_path, "b.txt", "b\n");

        var second = await GitWorkspace.CommitAsync(_path, "step 2", "run-1/iteration-2", allowEmpty: false, CancellationToken.None);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(first, await GitSandbox.HeadAsync(_path, "HEAD~1"));
    }

    [Fact]
    public async Task CommitAsync_EmptyDiff_ReturnsNull()
    {
        var commit = await GitWorkspace.CommitAsync(_path, "nothing", "run-1/iteration-1", allowEmpty: false, CancellationToken.None);

        Assert.Null(commit);
        Assert.Equal(_base, await GitSandbox.HeadAsync(_path));
    }

    [Fact]
    public async Task CommitAsync_EmptyDiffWithAllowEmpty_MakesEmptyCommit()
    {
        var commit = await GitWorkspace.CommitAsync(_path, "nothing", "run-1/iteration-1", allowEmpty: true, CancellationToken.None);

        Assert.NotNull(commit);
        Assert.Equal(commit, await GitSandbox.HeadAsync(_path));
        Assert.Equal(_base, await GitSandbox.HeadAsync(_path, "HEAD~1"));
    }

    [Fact]
    public async Task SquashAsync_SeveralCommits_LeavesOneCommitWithSameTree()
    {
        for (var i = 1; i <= 3; i++)
        {
            GitSandbox.Write(_path, $"file{i}.txt", $"{i}\n");
            await GitWorkspace.CommitAsync(_path, $"step {i}", $"run-1/iteration-{i}", allowEmpty: false, CancellationToken.None);
        }

        var treeBefore = await GitSandbox.HeadAsync(_path, "HEAD^{tree}");

        await GitWorkspace.SquashAsync(_path, _base, "Loop result", CancellationToken.None);
        var squashed = await GitSandbox.HeadAsync(_path);
        await GitWorkspace.SquashAsync(_path, _base, "Loop result", CancellationToken.None);

        Assert.Equal(squashed, await GitSandbox.HeadAsync(_path));
        Assert.Equal(_base, await GitSandbox.HeadAsync(_path, "HEAD~1"));
        Assert.Equal(treeBefore, await GitSandbox.HeadAsync(_path, "HEAD^{tree}"));
        Assert.Equal("Loop result", (await Git.RunAsync(_path, CancellationToken.None, "log", "-1", "--format=%s")).Trim());
    }

    [Fact]
    public async Task PushAsync_WorkBranch_AppearsOnBareRemoteAndRepushIsHarmless()
    {
        GitSandbox.Write(_path, "fix.txt", "fixed\n");
        var commit = await GitWorkspace.CommitAsync(_path, "step", "run-1/iteration-1", allowEmpty: false, CancellationToken.None);

        var pushed = await GitWorkspace.PushAsync(_path, "origin", "loop/push/1", CancellationToken.None);
        var again = await GitWorkspace.PushAsync(_path, "origin", "loop/push/1", CancellationToken.None);

        Assert.Equal("origin/loop/push/1", pushed);
        Assert.Equal(pushed, again);
        Assert.Equal(commit, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/loop/push/1"));
        Assert.Equal(_git.SeedCommit, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/main"));
    }

    [Fact]
    public async Task PushAsync_UnknownRemote_ThrowsWorkspaceExceptionNamingCommand()
    {
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => GitWorkspace.PushAsync(_path, "nowhere", "loop/push/1", CancellationToken.None));

        Assert.Contains("git push", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }
}
