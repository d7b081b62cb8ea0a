using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>The agent's tree (reset, snapshot) and the checkout the checks run in, on a real run folder.</summary>
public sealed class GitWorkspaceTreeTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private WorkspaceInfo _workspace = new("", "", "");
    private RunFolder _folder = new("");

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _workspace = await _git.PrepareAsync();
        _folder = new RunFolder(_workspace.Path);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    private string Tree => _folder.Tree;

    [Fact]
    public async Task ResetAsync_HalfDoneStep_RestoresTreeRemovesUntrackedAndRenewsTheAgentsRepository()
    {
        GitSandbox.Write(Tree, "src/app.txt", "broken\n");
        File.Delete(Path.Combine(Tree, "README.md"));
        GitSandbox.Write(Tree, "new/dir/scratch.txt", "scratch\n");
        await Git.RunAsync(Tree, CancellationToken.None, "update-index", "--skip-worktree", "tests/keep.txt");
        await Git.RunAsync(Tree, CancellationToken.None, "config", "core.fsmonitor", "/nonexistent/monitor");

        await WorkTree.ResetAsync(_folder, _workspace.BaseCommit, _workspace.Branch, CancellationToken.None);

        Assert.Equal("", await GitSandbox.StatusAsync(Tree));
        Assert.Equal("one\ntwo\nthree\n", await File.ReadAllTextAsync(Path.Combine(Tree, "src/app.txt")));
        Assert.True(File.Exists(Path.Combine(Tree, "README.md")));
        Assert.False(Directory.Exists(Path.Combine(Tree, "new")));
        Assert.DoesNotContain("fsmonitor", await File.ReadAllTextAsync(Path.Combine(Tree, ".git", "config")), StringComparison.Ordinal);
        Assert.Equal(_workspace.BaseCommit, await GitSandbox.HeadAsync(Tree));
    }

    [Fact]
    public async Task ResetAsync_LinkReplacingATrackedFolder_RemovesTheLinkNotItsTarget()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_git.Root, "outside")).FullName;
        GitSandbox.Write(outside, "keep.txt", "not the loop's\n");
        Directory.Delete(Path.Combine(Tree, "tests"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(Tree, "tests"), outside);

        await WorkTree.ResetAsync(_folder, _workspace.BaseCommit, _workspace.Branch, CancellationToken.None);

        Assert.Equal("not the loop's\n", await File.ReadAllTextAsync(Path.Combine(outside, "keep.txt")));
        Assert.Null(new DirectoryInfo(Path.Combine(Tree, "tests")).LinkTarget);
        Assert.Equal("keep\n", await File.ReadAllTextAsync(Path.Combine(Tree, "tests", "keep.txt")));
    }

    [Fact]
    public async Task CreateAsync_AddedModifiedDeletedAndUntracked_ListsAllWithCounts()
    {
        GitSandbox.Write(Tree, "src/app.txt", "one\n2\nthree\nfour\n"); // 1 line changed, 1 added
        File.Delete(Path.Combine(Tree, "tests/keep.txt"));
        GitSandbox.Write(Tree, "docs/new file.md", "a\nb\nc\n"); // untracked, with a space in the name

        var snapshot = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);

        Assert.Equal(
            [("docs/new file.md", 'A', 3, 0), ("src/app.txt", 'M', 2, 1), ("tests/keep.txt", 'D', 0, 1)],
            snapshot.Changes.Select(c => (c.Path, c.Kind, c.Insertions, c.Deletions)).OrderBy(c => c.Path, StringComparer.Ordinal).ToList());
        Assert.Empty(snapshot.Refused);
        Assert.Equal(_workspace.BaseCommit, await GitSandbox.RevAsync(_workspace, snapshot.Commit + "~1"));
    }

    [Fact]
    public async Task CreateAsync_ExecutableBitLinkAndIgnoredFile_StoredAsOnDiskIgnoringOnlyTheTreesGitignore()
    {
        GitSandbox.Write(Tree, ".gitignore", "build/\n");
        GitSandbox.Write(Tree, "build/out.bin", "cache\n");
        GitSandbox.Write(Tree, "run.sh", "#!/bin/sh\r\necho hi\r\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(Tree, "run.sh"), (UnixFileMode)0b111_101_101);
        }

        File.CreateSymbolicLink(Path.Combine(Tree, "readme-link"), "README.md");
        GitSandbox.Write(Tree, "excluded.txt", "listed in the agent's own exclude\n");
        GitSandbox.Write(Tree, ".git/info/exclude", "excluded.txt\n");
        GitSandbox.Write(Tree, ".git/info/attributes", "run.sh text eol=lf\n");

        var snapshot = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);

        var modes = snapshot.Changes.ToDictionary(c => c.Path, c => c.Mode);
        Assert.Equal("100755", modes["run.sh"]);
        Assert.Equal("120000", modes["readme-link"]);
        Assert.True(modes.ContainsKey("excluded.txt"));
        Assert.False(modes.ContainsKey("build/out.bin"));
        Assert.Equal("#!/bin/sh\r\necho hi\r\n", await Git.RunAsync(_workspace.Path, CancellationToken.None, "show", snapshot.Commit + ":run.sh"));
        Assert.Equal("README.md", snapshot.Links["readme-link"]);
    }

    [Fact]
    public async Task CreateAsync_FileBehindALinkToAFolderOutside_NeverReadIntoTheCommit()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_git.Root, "secrets")).FullName;
        GitSandbox.Write(outside, "test_app.txt", "host secret\n");
        Directory.Delete(Path.Combine(Tree, "tests"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(Tree, "tests"), outside);

        var snapshot = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);

        var listing = await Git.RunAsync(_workspace.Path, CancellationToken.None, "ls-tree", "-r", "--name-only", snapshot.Commit);
        Assert.DoesNotContain("tests/test_app.txt", listing, StringComparison.Ordinal);
        Assert.Equal(outside, snapshot.Links["tests"]);
    }

    [Fact]
    public async Task CreateAsync_SameTreeTwice_SameCandidate()
    {
        GitSandbox.Write(Tree, "src/app.txt", "fixed\n");

        var first = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);
        var second = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);

        Assert.Equal(first.Commit, second.Commit);
    }

    [Fact]
    public async Task CreateAsync_NestedRepositoryAndFifo_RefusedWithReasons()
    {
        await Git.RunAsync(Tree, CancellationToken.None, "init", "--quiet", Path.Combine(Tree, "vendor", "lib"));
        GitSandbox.Write(Tree, "vendor/lib/code.txt", "x\n");
        var fifo = await LoopFunctions.Loops.Processes.ProcessRunner.RunAsync(new(["mkfifo", "src/app.txt.pipe"], Tree, TimeSpan.FromSeconds(10)), CancellationToken.None);
        Assert.Equal(0, fifo.ExitCode);
        File.Delete(Path.Combine(Tree, "src/app.txt"));
        File.Move(Path.Combine(Tree, "src/app.txt.pipe"), Path.Combine(Tree, "src/app.txt"));

        var snapshot = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);

        Assert.Contains(snapshot.Refused, r => r.StartsWith("vendor/lib: a nested git repository", StringComparison.Ordinal));
        Assert.Contains(snapshot.Refused, r => r.StartsWith("src/app.txt: not a regular file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_FileNameEndingInCarriageReturn_RefusedWithReasonAndNotCommitted()
    {
        GitSandbox.Write(Tree, "src/app.txt\r", "fixed\n");
        GitSandbox.Write(Tree, "src/new.txt", "new\n");

        var snapshot = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);

        var refused = Assert.Single(snapshot.Refused);
        Assert.StartsWith("src/app.txt\\x0d: a file name with a control character", refused, StringComparison.Ordinal);
        Assert.Equal("src/new.txt", Assert.Single(snapshot.Changes).Path);
    }

    [Fact]
    public async Task ChangedAsync_FileOfTheCheckoutRewritten_ReportedAsChanged()
    {
        await VerificationCheckout.PrepareAsync(_folder, _workspace.BaseCommit, _workspace.BaseCommit, [], CancellationToken.None);
        Assert.Empty(await VerificationCheckout.ChangedAsync(_folder, CancellationToken.None));
        GitSandbox.Write(_folder.Checkout, "obj/build.txt", "untracked output\n");
        GitSandbox.Write(_folder.Checkout, "src/app.txt", "rewritten\n");
        File.Delete(Path.Combine(_folder.Checkout, "README.md"));

        var changed = await VerificationCheckout.ChangedAsync(_folder, CancellationToken.None);

        Assert.Equal(["README.md", "src/app.txt"], changed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PrepareAsync_ProtectedPathsChanged_TakenFromBaseInAFreshCheckout()
    {
        GitSandbox.Write(Tree, "tests/test_app.txt", "assert true\n"); // protected: restored
        GitSandbox.Write(Tree, "tests/new_test.txt", "new\n");        // protected and added: removed
        GitSandbox.Write(Tree, "src/app.txt", "fixed\n");            // not protected: kept
        var snapshot = await TreeSnapshot.CreateAsync(_folder, _workspace.BaseCommit, CancellationToken.None);
        GitSandbox.Write(_folder.Checkout, "stale.txt", "left by the last check\n");

        var restored = await VerificationCheckout.PrepareAsync(_folder, snapshot.Commit, _workspace.BaseCommit, [PathGlob.Parse("tests/**")], CancellationToken.None);

        Assert.Equal(["tests/new_test.txt", "tests/test_app.txt"], restored);
        Assert.Equal("assert one\n", await File.ReadAllTextAsync(Path.Combine(_folder.Checkout, "tests/test_app.txt")));
        Assert.False(File.Exists(Path.Combine(_folder.Checkout, "tests/new_test.txt")));
        Assert.False(File.Exists(Path.Combine(_folder.Checkout, "stale.txt")));
        Assert.Equal("fixed\n", await File.ReadAllTextAsync(Path.Combine(_folder.Checkout, "src/app.txt")));
        Assert.False(Directory.Exists(Path.Combine(_folder.Checkout, ".git")));
    }
}
