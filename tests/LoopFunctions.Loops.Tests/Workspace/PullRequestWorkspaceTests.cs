using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.PullRequest;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>A loop on a pull request's head, against a bare repository as the remote: prepare, fast-forward pushes,
/// someone else pushing meanwhile (never forced over), replaying on a moved head, and the follow-up branch.</summary>
public sealed class PullRequestWorkspaceTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private string _head = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _head = await PushAsync("feature", ("src/feature.txt", "feature v1\n"));
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task PrepareAsync_PullRequest_StartsFromItsHeadOnItsBranch()
    {
        var workspace = await PrepareAsync();

        Assert.Equal(("feature", _head, _head), (workspace.Branch, workspace.BaseCommit, workspace.Head));
        Assert.Equal("feature v1\n", await File.ReadAllTextAsync(Path.Combine(new RunFolder(workspace.Path).Tree, "src/feature.txt")));
        Assert.Equal(_git.SeedCommit, await GitSandbox.RevAsync(workspace, "refs/loopfunctions/pr-base"));
    }

    [Fact]
    public async Task PrepareAsync_LaterRunOfTheSameInstance_StartsFromTheNewHead()
    {
        await PrepareAsync();
        var moved = await PushAsync("feature", ("src/feature.txt", "feature v2\n"));

        var workspace = await PrepareAsync(Pr(moved));

        Assert.Equal((moved, moved), (workspace.BaseCommit, await GitSandbox.RevAsync(workspace, "refs/heads/feature")));
    }

    [Fact]
    public async Task PushAsync_FastForward_TheHeadIsAtTheLoopsCommit()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");

        var result = await PullRequestPush.PushAsync(new PullRequestPushInput(workspace, "origin", _head, commit), CancellationToken.None);

        Assert.Equal((PullRequestPushStatus.Pushed, commit), (result.Status, result.RemoteHead));
        Assert.Equal(commit, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature"));
        Assert.Equal(PullRequestPushStatus.Pushed, (await PullRequestPush.PushAsync(new PullRequestPushInput(workspace, "origin", _head, commit), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task PushAsync_SomeonePushedMeanwhile_MovedAndTheirCommitStays()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");
        var theirs = await PushAsync("feature", ("docs/notes.md", "a person's note\n"));

        var result = await PullRequestPush.PushAsync(new PullRequestPushInput(workspace, "origin", _head, commit), CancellationToken.None);

        Assert.Equal((PullRequestPushStatus.Moved, theirs), (result.Status, result.RemoteHead));
        Assert.Equal(theirs, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature"));
    }

    [Fact]
    public async Task PushAsync_RemoteRefuses_DeniedWithWhatItSaid()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");
        Scripts.Write(Path.Combine(_git.Remote, "hooks", "pre-receive"), "echo 'protected branch: pushes need a review' >&2\nexit 1\n");

        var result = await PullRequestPush.PushAsync(new PullRequestPushInput(workspace, "origin", _head, commit), CancellationToken.None);

        Assert.Equal(PullRequestPushStatus.Denied, result.Status);
        Assert.Contains("protected branch", result.Detail, StringComparison.Ordinal);
        Assert.Equal(_head, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature"));
    }

    [Fact]
    public async Task RebaseAsync_HeadMovedElsewhere_CandidateOnTheNewHeadWithBothChanges()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");
        var theirs = await PushAsync("feature", ("docs/notes.md", "a person's note\n"));
        await PullRequestPush.PushAsync(new PullRequestPushInput(workspace, "origin", _head, commit), CancellationToken.None);

        var result = await PullRequestPush.RebaseAsync(new RebaseInput(workspace, _head, commit, theirs, ["tests/**"]), CancellationToken.None);

        Assert.True(result.Clean, string.Join("; ", result.Conflicts));
        Assert.Equal(theirs, await GitSandbox.RevAsync(workspace, result.Candidate + "^"));
        var folder = new RunFolder(workspace.Path);
        Assert.Equal("fixed\n", await Git.RunAsync(folder.GitCall("show", result.Candidate + ":src/app.txt"), CancellationToken.None));
        Assert.Equal("a person's note\n", await Git.RunAsync(folder.GitCall("show", result.Candidate + ":docs/notes.md"), CancellationToken.None));
        Assert.Equal(theirs, await GitSandbox.RevAsync(workspace, "refs/heads/feature"));
    }

    [Fact]
    public async Task RebaseAsync_BothChangedTheSameLines_NotCleanNamingThePath()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "the loop's fix\n");
        var theirs = await PushAsync("feature", ("src/app.txt", "a person's fix\n"));

        var result = await PullRequestPush.RebaseAsync(new RebaseInput(workspace, _head, commit, theirs, []), CancellationToken.None);

        Assert.False(result.Clean);
        Assert.Contains(result.Conflicts, c => c.StartsWith("src/app.txt", StringComparison.Ordinal));
        Assert.Null(result.Candidate);
    }

    [Fact]
    public async Task RebaseAsync_HeadRewritten_NotClean()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");
        var rewritten = await PushAsync("feature", ("src/feature.txt", "rewritten\n"), from: "main", force: true);

        var result = await PullRequestPush.RebaseAsync(new RebaseInput(workspace, _head, commit, rewritten, []), CancellationToken.None);

        Assert.False(result.Clean);
        Assert.Contains("rewritten", Assert.Single(result.Conflicts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebaseAsync_MergeWouldChangeAProtectedPath_NotClean()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");
        var theirs = await PushAsync("feature", ("docs/notes.md", "note\n"));

        var result = await PullRequestPush.RebaseAsync(new RebaseInput(workspace, _head, commit, theirs, ["src/**"]), CancellationToken.None);

        Assert.False(result.Clean);
        Assert.Contains("src/app.txt: protected", Assert.Single(result.Conflicts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushFollowUpBranchAsync_VerifiedWork_NewFollowUpBranchOnTheLoopsRepository()
    {
        var workspace = await PrepareAsync();
        var commit = await CommitAsync(workspace, "src/app.txt", "fixed\n");

        var branch = await PullRequestPush.PushFollowUpBranchAsync(new FollowUpBranchInput(workspace, commit, "loop/review/run-1"), CancellationToken.None);
        var again = await PullRequestPush.PushFollowUpBranchAsync(new FollowUpBranchInput(workspace, commit, "loop/review/run-1"), CancellationToken.None);

        Assert.Equal($"base/loop/review/run-1-{commit[..10]}", branch);
        Assert.Equal(branch, again);
        Assert.Equal(commit, await GitSandbox.HeadAsync(_git.Remote, $"refs/heads/loop/review/run-1-{commit[..10]}"));
        Assert.Equal(_head, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature"));
    }

    [Fact]
    public async Task PrepareAsync_Fork_FetchesTheHeadFromTheForkAndTheBaseFromTheLoopsRepository()
    {
        var fork = Path.Combine(_git.Root, "fork.git");
        await Git.RunAsync(_git.Root, CancellationToken.None, "clone", "--quiet", "--bare", _git.Remote, fork);
        var forkHead = await PushAsync("patch-1", ("src/fork.txt", "from a fork\n"), remote: fork);
        var pr = Pr(forkHead) with { HeadBranch = "patch-1", IsFork = true, HeadRepository = "mallory/calc", HeadCloneUrl = fork };

        var workspace = await PullRequestWorkspace.PrepareAsync(_git.Plan(), pr, "run-1", "review", CancellationToken.None);

        Assert.Equal(("patch-1", forkHead), (workspace.Branch, workspace.BaseCommit));
        var folder = new RunFolder(workspace.Path);
        Assert.Equal(fork, (await Git.RunAsync(folder.GitCall("remote", "get-url", "origin"), CancellationToken.None)).Trim());
        Assert.Equal(_git.Remote, (await Git.RunAsync(folder.GitCall("remote", "get-url", PullRequestWorkspace.BaseRemote), CancellationToken.None)).Trim());
    }

    private PullRequestInfo Pr(string head) =>
        new("acme/calc", 12, "Add a feature", "https://github.example/acme/calc/pull/12", "open", "main", _git.SeedCommit, "feature", head, "acme/calc", _git.Remote, false, false);

    private Task<WorkspaceInfo> PrepareAsync(PullRequestInfo? pr = null) =>
        PullRequestWorkspace.PrepareAsync(_git.Plan() with { OnPullRequestHead = true }, pr ?? Pr(_head), "run-1", "review", CancellationToken.None);

    /// <summary>What an iteration does: change the agent's tree and commit it as the loop does.</summary>
    private static async Task<string> CommitAsync(WorkspaceInfo workspace, string path, string content)
    {
        GitSandbox.Write(new RunFolder(workspace.Path).Tree, path, content);
        return (await GitSandbox.CommitTreeAsync(workspace, "loop: fix", Guid.NewGuid().ToString("N")))!;
    }

    /// <summary>A person pushes a commit to <paramref name="branch"/> (made from <paramref name="from"/>, default the
    /// branch itself when it exists, else main).</summary>
    private async Task<string> PushAsync(string branch, (string Path, string Content) file, string? from = null, bool force = false, string? remote = null)
    {
        remote ??= _git.Remote;
        var clone = Path.Combine(_git.Root, "person-" + Guid.NewGuid().ToString("N"));
        await Git.RunAsync(_git.Root, CancellationToken.None, "clone", "--quiet", remote, clone);
        var exists = (await Git.TryRunAsync(clone, CancellationToken.None, "rev-parse", "--verify", "origin/" + branch)).ExitCode == 0;
        await Git.RunAsync(clone, CancellationToken.None, "checkout", "--quiet", "-B", branch, "origin/" + (from ?? (exists ? branch : "main")));
        GitSandbox.Write(clone, file.Path, file.Content);
        await Git.RunAsync(clone, CancellationToken.None, "add", "--all");
        await Git.RunAsync(clone, CancellationToken.None, "commit", "--quiet", "-m", "a person's commit");
        await Git.RunAsync(clone, CancellationToken.None, force ? ["push", "--quiet", "--force", "origin", "HEAD:refs/heads/" + branch] : ["push", "--quiet", "origin", "HEAD:refs/heads/" + branch]);
        return await GitSandbox.HeadAsync(clone);
    }
}
