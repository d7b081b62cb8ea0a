using System.Globalization;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// The folder of one run, named by its instance id (<see cref="InstanceKey"/>). The project's own git directory sits
/// at its root, out of the agent's reach; the agent works in <see cref="Tree"/>, whose <c>.git</c> is the agent's
/// throwaway repository and is never trusted; the checks run in <see cref="Checkout"/>, a fresh checkout of the
/// commit being verified.
/// </summary>
/// <remarks>With <c>agent.attempts</c> each attempt of an iteration works in its own folder (<see cref="ForAttempt"/>):
/// <c>attempts/&lt;n&gt;/</c> holds its tree, checkout, homes, lock and process ledger, beside the one project
/// repository every attempt shares. A sandbox never shows a sibling's: it hides the whole work root and shows only the
/// attempt's own tree and home.</remarks>
/// <param name="Root">The run's folder under the work root.</param>
public sealed record RunFolder(string Root)
{
    /// <summary>The project's git directory (bare): the loop branch, the base, the candidates. Written only by the
    /// loop's own git, never visible in the agent's sandbox.</summary>
    public string GitDir => Path.Combine(Root, ".git");

    /// <summary>The attempt of <c>agent.attempts</c> this folder is for; null for a run's only attempt, whose paths are
    /// the run folder's own (as they were before attempts existed).</summary>
    public int? Attempt { get; init; }

    /// <summary>The folder of the attempt's own files: the run's folder itself without an attempt.</summary>
    public string AttemptRoot => Attempt is { } n ? Path.Combine(Root, "attempts", n.ToString(CultureInfo.InvariantCulture)) : Root;

    /// <summary>The agent's working tree.</summary>
    public string Tree => Path.Combine(AttemptRoot, "tree");

    /// <summary>Where the checks run: a fresh checkout of the commit under verification.</summary>
    public string Checkout => Path.Combine(AttemptRoot, "check");

    /// <summary>Where <c>outputs.deploy</c> runs: a clean checkout of the verified commit, kept for the rollback.</summary>
    public string Deployment => Path.Combine(Root, "deploy");

    /// <summary>The agent's HOME, kept for the run (caches, an agent CLI's own state).</summary>
    public string Home => Path.Combine(AttemptRoot, "home");

    /// <summary>The private HOME of the setup and the checks, made afresh for each verification.</summary>
    public string CheckHome => Path.Combine(AttemptRoot, "check-home");

    /// <summary>The run's records: <c>run.json</c>, the live process groups, scratch files.</summary>
    public string State => Path.Combine(Root, "state");

    /// <summary>Records which loop and instance own this folder.</summary>
    public string RunFile => Path.Combine(State, "run.json");

    /// <summary>Private index files, commit messages and other scratch.</summary>
    public string Scratch => Path.Combine(State, "scratch");

    /// <summary>The process groups of the run's running children: per attempt, so resetting one attempt's tree never
    /// kills a sibling's agent or checks.</summary>
    public Processes.ProcessLedger Processes => new(Path.Combine(AttemptState, "processes"));

    /// <summary>
    /// Sweeps the process ledger of the run and those of all its attempts, every <c>attempts/&lt;n&gt;/</c> the folder
    /// holds, whatever the fan-out is now (a resumed or rewound run may run fewer attempts than the one that crashed):
    /// what a step left running after a crash must not live on only because its attempt never runs again.
    /// </summary>
    /// <param name="orphanedOnly">Only the groups whose owner process is gone (<see cref="Processes.ProcessLedger.KillOrphaned"/>):
    /// safe while steps of the run may be running, as when a resumed run's worker already started; else every group,
    /// for when no step of the run can be running (its end, the commit after the fan-out).</param>
    /// <returns>How many groups were still alive.</returns>
    public int KillEveryLeftover(bool orphanedOnly)
    {
        var run = ForAttempt(null);
        var attempts = Path.Combine(Root, "attempts");
        var folders = Directory.Exists(attempts)
            ? Directory.EnumerateDirectories(attempts).Select(Path.GetFileName).Where(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1)
                .Select(n => run.ForAttempt(int.Parse(n!, CultureInfo.InvariantCulture)))
            : [];
        return folders.Prepend(run).Sum(f => orphanedOnly ? f.Processes.KillOrphaned() : f.Processes.KillLeftovers());
    }

    /// <summary>The Unix socket of the agent's egress proxy: per attempt, as the proxy is (a shared path let one
    /// attempt's proxy replace or delete a sibling's socket while its agent was still using it).</summary>
    public string EgressSocket => Path.Combine(AttemptState, "egress.sock");

    /// <summary>The lock of the steps on the agent's tree (<see cref="RunLock"/>): per attempt.</summary>
    public string LockFile => Path.Combine(AttemptState, "run.lock");

    /// <summary>The ref that keeps the guard's last candidate from git's garbage collection: per attempt, so parallel
    /// guards never contend for one ref's lock.</summary>
    public string CandidateRef => Attempt is { } n ? $"refs/loopfunctions/attempts/{n.ToString(CultureInfo.InvariantCulture)}/candidate" : "refs/loopfunctions/candidate";

    private string AttemptState => Attempt is null ? State : Path.Combine(AttemptRoot, "state");

    public static RunFolder For(string workRoot, string instanceId) => new(Path.Combine(workRoot, InstanceKey.For(instanceId)));

    /// <summary>The folder of one attempt of <c>agent.attempts</c> (1-based) in this run's folder; null gives the run's
    /// own layout.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public RunFolder ForAttempt(int? attempt)
    {
        if (attempt is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "attempts are numbered from 1");
        }

        return this with { Attempt = attempt };
    }

    /// <summary>The folder a step on a run's workspace works in: its attempt's, if it has one.</summary>
    public static RunFolder Of(IWorkspaceStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new RunFolder(step.Workspace.Path).ForAttempt(step.Attempt);
    }

    /// <summary>A scratch file path, unique per call.</summary>
    public string NewScratchFile(string name)
    {
        Directory.CreateDirectory(Scratch);
        return Path.Combine(Scratch, $"{name}-{Guid.NewGuid():N}");
    }

    /// <summary>Git calls on the project's repository, with a private index and optionally a work tree.</summary>
    public GitCall GitCall(params string[] args) => new(Root, args) { GitDir = GitDir };
}
