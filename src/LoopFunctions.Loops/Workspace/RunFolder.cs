namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The folder of one run, named by its instance id (<see cref="InstanceKey"/>). The project's own git directory sits
/// at its root, out of the agent's reach; the agent works in <see cref="Tree"/>, whose <c>.git</c> is the agent's
/// throwaway repository and is never trusted; the checks run in <see cref="Checkout"/>, a fresh checkout of the
/// commit being verified.
/// </summary>
/// <param name="Root">The run's folder under the work root.</param>
public sealed record RunFolder(string Root)
{
    /// <summary>The project's git directory (bare): the loop branch, the base, the candidates. Written only by the
    /// loop's own git, never visible in the agent's sandbox.</summary>
    public string GitDir => Path.Combine(Root, ".git");

    /// <summary>The agent's working tree.</summary>
    public string Tree => Path.Combine(Root, "tree");

    /// <summary>Where the checks run: a fresh checkout of the commit under verification.</summary>
    public string Checkout => Path.Combine(Root, "check");

    /// <summary>Where <c>outputs.deploy</c> runs: a clean checkout of the verified commit, kept for the rollback.</summary>
    public string Deployment => Path.Combine(Root, "deploy");

    /// <summary>The agent's HOME, kept for the run (caches, an agent CLI's own state).</summary>
    public string Home => Path.Combine(Root, "home");

    /// <summary>The private HOME of the setup and the checks, made afresh for each verification.</summary>
    public string CheckHome => Path.Combine(Root, "check-home");

    /// <summary>The run's records: <c>run.json</c>, the live process groups, scratch files.</summary>
    public string State => Path.Combine(Root, "state");

    /// <summary>Records which loop and instance own this folder.</summary>
    public string RunFile => Path.Combine(State, "run.json");

    /// <summary>Private index files, commit messages and other scratch.</summary>
    public string Scratch => Path.Combine(State, "scratch");

    /// <summary>The process groups of the run's running children.</summary>
    public Processes.ProcessLedger Processes => new(Path.Combine(State, "processes"));

    public static RunFolder For(string workRoot, string instanceId) => new(Path.Combine(workRoot, InstanceKey.For(instanceId)));

    /// <summary>A scratch file path, unique per call.</summary>
    public string NewScratchFile(string name)
    {
        Directory.CreateDirectory(Scratch);
        return Path.Combine(Scratch, $"{name}-{Guid.NewGuid():N}");
    }

    /// <summary>Git calls on the project's repository, with a private index and optionally a work tree.</summary>
    public GitCall GitCall(params string[] args) => new(Root, args) { GitDir = GitDir };
}
