using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>
/// A unique temp folder holding a bare "remote" repository (branch <c>main</c>, seeded with a few files) and a work
/// root for clones; deleted on dispose. Real git throughout.
/// </summary>
internal sealed class GitSandbox : IAsyncLifetime
{
    public GitSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "loopfn-git-" + Guid.NewGuid().ToString("N"));
        Remote = Path.Combine(Root, "remote.git");
        WorkRoot = Path.Combine(Root, "work");
    }

    public string Root { get; }

    /// <summary>The bare repository the workspace clones from and pushes to.</summary>
    public string Remote { get; }

    public string WorkRoot { get; }

    /// <summary>The commit at the tip of the remote's <c>main</c> after seeding.</summary>
    public string SeedCommit { get; private set; } = "";

    public static readonly IReadOnlyDictionary<string, string> SeedFiles = new Dictionary<string, string>
    {
        ["README.md"] = "hello\n",
        ["src/app.txt"] = "one\ntwo\nthree\n",
        ["tests/test_app.txt"] = "assert one\n",
        ["tests/keep.txt"] = "keep\n",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await Git.RunAsync(Root, CancellationToken.None, "init", "--quiet", "--bare", "--initial-branch=main", Remote);
        var seed = Path.Combine(Root, "seed");
        await Git.RunAsync(Root, CancellationToken.None, "init", "--quiet", "--initial-branch=main", seed);
        await Git.RunAsync(seed, CancellationToken.None, "remote", "add", "origin", Remote);
        foreach (var (file, content) in SeedFiles)
        {
            Write(seed, file, content);
        }

        SeedCommit = await CommitAndPushAsync(seed, "seed");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return Task.CompletedTask;
    }

    public WorkspacePlan Plan(string workBranch = "loop/test/1", IReadOnlyList<string>? setup = null) =>
        new(Remote, "main", workBranch, WorkRoot, setup);

    /// <summary>Prepares the run folder of instance <paramref name="instance"/>.</summary>
    public Task<LoopFunctions.Loops.Orchestration.Steps.WorkspaceInfo> PrepareAsync(string instance = "run-1", WorkspacePlan? plan = null) =>
        GitWorkspace.PrepareAsync(plan ?? Plan(), instance, "test-loop", CancellationToken.None);

    /// <summary>What an iteration does after the agent: snapshot the tree, commit the candidate on the branch.</summary>
    public static async Task<string?> CommitTreeAsync(LoopFunctions.Loops.Orchestration.Steps.WorkspaceInfo workspace, string message, string trailer, bool allowEmpty = false)
    {
        var folder = new RunFolder(workspace.Path);
        var head = (await Git.RunAsync(folder.GitCall("rev-parse", "refs/heads/" + workspace.Branch), CancellationToken.None)).Trim();
        var snapshot = await TreeSnapshot.CreateAsync(folder, head, CancellationToken.None);
        return await BranchCommit.CommitAsync(new(workspace, message, trailer, allowEmpty, Candidate: snapshot.Commit, Head: head), CancellationToken.None);
    }

    /// <summary>The commit <paramref name="rev"/> names in the run's project repository.</summary>
    public static async Task<string> RevAsync(LoopFunctions.Loops.Orchestration.Steps.WorkspaceInfo workspace, string rev) =>
        (await Git.RunAsync(new RunFolder(workspace.Path).GitCall("rev-parse", rev), CancellationToken.None)).Trim();

    /// <summary>Moves the remote's <c>main</c> on by one commit from a separate clone; returns the new commit.</summary>
    public async Task<string> AdvanceRemoteAsync(string file = "later.txt")
    {
        var other = Path.Combine(Root, "other-" + Guid.NewGuid().ToString("N"));
        await Git.RunAsync(Root, CancellationToken.None, "clone", "--quiet", "--branch", "main", Remote, other);
        Write(other, file, "later\n");
        return await CommitAndPushAsync(other, "later");
    }

    public static async Task<string> HeadAsync(string repository, string rev = "HEAD") =>
        (await Git.RunAsync(repository, CancellationToken.None, "rev-parse", rev)).Trim();

    /// <summary><c>git status --porcelain</c>, empty when the tree is clean.</summary>
    public static async Task<string> StatusAsync(string repository) =>
        (await Git.RunAsync(repository, CancellationToken.None, "status", "--porcelain", "--untracked-files=all")).Trim();

    public static void Write(string repository, string relativePath, string content)
    {
        var full = Path.Combine(repository, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static async Task<string> CommitAndPushAsync(string repository, string message)
    {
        await Git.RunAsync(repository, CancellationToken.None, "add", "--all");
        await Git.RunAsync(repository, CancellationToken.None, "commit", "--quiet", "-m", message);
        await Git.RunAsync(repository, CancellationToken.None, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        return await HeadAsync(repository);
    }
}
