using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>ResetToAsync, DiffAsync and RestorePathsAsync on a real clone.</summary>
public sealed class GitWorkspaceTreeTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private string _path = "";
    private string _base = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        var info = await GitWorkspace.PrepareAsync(_git.Plan(), CancellationToken.None);
        (_path, _base) = (info.Path, info.BaseCommit);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task ResetToAsync_HalfDoneStep_RestoresTreeAndRemovesUntrackedFiles()
    {
        GitSandbox.Write(_path, "src/app.txt", "broken\n");
        File.Delete(Path.Combine(_path, "README.md"));
        GitSandbox.Write(_path, "new/dir/scratch.txt", "scratch\n");
        await Git.RunAsync(_path, CancellationToken.None, "add", "new/dir/scratch.txt"); // staged as well as untracked
        GitSandbox.Write(_path, "untracked.txt", "x\n");

        await GitWorkspace.ResetToAsync(_path, _base, CancellationToken.None);

        Assert.Equal("", await GitSandbox.StatusAsync(_path));
        Assert.Equal("one\ntwo\nthree\n", await File.ReadAllTextAsync(Path.Combine(_path, "src/app.txt")));
        Assert.True(File.Exists(Path.Combine(_path, "README.md")));
        Assert.False(Directory.Exists(Path.Combine(_path, "new")));
        Assert.False(File.Exists(Path.Combine(_path, "untracked.txt")));
    }

    [Fact]
    public async Task ResetToAsync_AfterCommit_MovesHeadBack()
    {
        GitSandbox.Write(_path, "a.txt", "a\n");
        await GitWorkspace.CommitAsync(_path, "step", "run/1", allowEmpty: false, CancellationToken.None);

        await GitWorkspace.ResetToAsync(_path, _base, CancellationToken.None);

        Assert.Equal(_base, await GitSandbox.HeadAsync(_path));
        Assert.False(File.Exists(Path.Combine(_path, "a.txt")));
    }

    [Fact]
    public async Task DiffAsync_AddedModifiedDeletedAndUntracked_ListsAllWithCounts()
    {
        GitSandbox.Write(_path, "src/app.txt", "one\n2\nthree\nfour\n"); // 1 line changed, 1 added
        File.Delete(Path.Combine(_path, "tests/keep.txt"));
        GitSandbox.Write(_path, "docs/new file.md", "a\nb\nc\n"); // untracked, with a space in the name

        var changes = (await GitWorkspace.DiffAsync(_path, _base, CancellationToken.None)).OrderBy(c => c.Path, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [
                new ChangedPath("docs/new file.md", 'A', null, 3, 0),
                new ChangedPath("src/app.txt", 'M', null, 2, 1),
                new ChangedPath("tests/keep.txt", 'D', null, 0, 1),
            ],
            changes);
    }

    [Fact]
    public async Task DiffAsync_CleanTree_ReturnsEmpty()
    {
        Assert.Empty(await GitWorkspace.DiffAsync(_path, _base, CancellationToken.None));
    }

    [Fact]
    public async Task DiffAsync_AgainstEarlierCommit_IncludesCommittedChanges()
    {
        GitSandbox.Write(_path, "committed.txt", "c\n");
        await GitWorkspace.CommitAsync(_path, "step", "run/1", allowEmpty: false, CancellationToken.None);
        GitSandbox.Write(_path, "pending.txt", "p\n");

        var changes = await GitWorkspace.DiffAsync(_path, _base, CancellationToken.None);

        Assert.Equal(["committed.txt", "pending.txt"], changes.Select(c => c.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RestorePathsAsync_ProtectedChanges_RestoresThemAndLeavesOthers()
    {
        GitSandbox.Write(_path, "tests/test_app.txt", "assert true\n");
        File.Delete(Path.Combine(_path, "tests/keep.txt"));
        GitSandbox.Write(_path, "tests/fake_test.txt", "added by agent\n");
        GitSandbox.Write(_path, "src/app.txt", "fixed\n");
        GitSandbox.Write(_path, "src/new.txt", "new\n");

        var restored = await GitWorkspace.RestorePathsAsync(_path, _base, [PathGlob.Parse("tests/**")], CancellationToken.None);

        Assert.Equal(["tests/fake_test.txt", "tests/keep.txt", "tests/test_app.txt"], restored.Order(StringComparer.Ordinal));
        Assert.Equal("assert one\n", await File.ReadAllTextAsync(Path.Combine(_path, "tests/test_app.txt")));
        Assert.Equal("keep\n", await File.ReadAllTextAsync(Path.Combine(_path, "tests/keep.txt")));
        Assert.False(File.Exists(Path.Combine(_path, "tests/fake_test.txt")));
        Assert.Equal("fixed\n", await File.ReadAllTextAsync(Path.Combine(_path, "src/app.txt")));
        Assert.Equal("new\n", await File.ReadAllTextAsync(Path.Combine(_path, "src/new.txt")));
        var remaining = await GitWorkspace.DiffAsync(_path, _base, CancellationToken.None);
        Assert.Equal(["src/app.txt", "src/new.txt"], remaining.Select(c => c.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RestorePathsAsync_NoGlobs_RestoresNothing()
    {
        GitSandbox.Write(_path, "tests/test_app.txt", "assert true\n");

        var restored = await GitWorkspace.RestorePathsAsync(_path, _base, [], CancellationToken.None);

        Assert.Empty(restored);
        Assert.Equal("assert true\n", await File.ReadAllTextAsync(Path.Combine(_path, "tests/test_app.txt")));
    }
}
