using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Sandbox;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Verification;

/// <summary>
/// Runs the setup and the checks of a verification in the sandbox a command agent gets (<see cref="Bubblewrap"/>):
/// they run the candidate's code (its tests, its build, whatever the check script imports), so only the checkout and
/// a private HOME are writable, the host's home, the store and the other runs are hidden, every process dies with the
/// check (its own PID namespace), the network is its own unless the check allows it, and no capability is kept, even
/// for root. The host's toolchains under a hidden home are shown read-only (<see cref="SandboxFolders.Toolchains"/>).
/// With <c>agent.sandbox: none</c> the checks run unconfined, as the agent does.
/// </summary>
public sealed class CheckSandbox
{
    private readonly SandboxSpec _spec;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private CheckSandbox(SandboxSpec spec, IReadOnlyDictionary<string, string> environment) => (_spec, _environment) = (spec, environment);

    /// <summary>The sandbox for <paramref name="plan"/>'s checks in <paramref name="folder"/>, with a fresh private
    /// HOME; null when the loop runs unconfined (<c>agent.sandbox: none</c>).</summary>
    /// <exception cref="StepRejectedException">The loop asks for the sandbox and bwrap cannot make one here.</exception>
    public static async Task<CheckSandbox?> CreateAsync(LoopPlan plan, RunFolder folder, IEnumerable<string>? hiddenPaths = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        if (plan.Agent.Sandbox == SandboxMode.None)
        {
            return null;
        }

        await RequireBubblewrapAsync("the checks run").ConfigureAwait(false);
        // A fresh HOME per verification: what one candidate's checks leave there (a user site-packages, a cache
        // entry) must not be imported by the next candidate's.
        Folders.Delete(folder.CheckHome);
        return For(folder, folder.Checkout, folder.CheckHome, hiddenPaths);
    }

    /// <summary>The sandbox <c>workspace.setup</c> runs in when the workspace is prepared: the agent's tree and the
    /// agent's home (kept: what the setup installs there is what the agent builds with).</summary>
    /// <exception cref="StepRejectedException">bwrap cannot make a sandbox here.</exception>
    public static async Task<CheckSandbox> ForSetupAsync(RunFolder folder, IEnumerable<string>? hiddenPaths = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        await RequireBubblewrapAsync("workspace.setup runs").ConfigureAwait(false);
        return For(folder, folder.Tree, folder.Home, hiddenPaths);
    }

    /// <summary>Runs <paramref name="command"/> in the checkout: in <paramref name="sandbox"/>, or unconfined (with the
    /// sweep of its strays) when it is null.</summary>
    /// <param name="sandbox">The verification's sandbox, or null.</param>
    /// <param name="command">argv.</param>
    /// <param name="workingDirectory">The checkout.</param>
    /// <param name="timeout">Then the process tree is killed.</param>
    /// <param name="network">The check's <c>network</c>: true, or false with <paramref name="hosts"/> (maybe none).</param>
    /// <param name="hosts">The hosts a check may reach through the egress proxy.</param>
    /// <param name="environment">The check's declared variables.</param>
    /// <param name="ledger">Where the process group is recorded.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <exception cref="AgentException">The program could not be started.</exception>
    public static async Task<ProcessRunResult> RunAsync(
        CheckSandbox? sandbox,
        IReadOnlyList<string> command,
        string workingDirectory,
        TimeSpan timeout,
        bool network,
        IReadOnlyList<string> hosts,
        IReadOnlyDictionary<string, string>? environment,
        ProcessLedger? ledger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(hosts);
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (sandbox is null)
        {
            return await ProcessRunner.RunAsync(new ProcessRunOptions(command, workingDirectory, timeout) { Environment = variables, Ledger = ledger, SweepStrays = true }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, value) in sandbox._environment)
        {
            variables[name] = value;
        }

        var spec = sandbox._spec with { Network = network, Readable = [.. sandbox._spec.Readable, .. Bubblewrap.PathsIn(command)] };
        await using var egress = !network && hosts.Count > 0 ? await StartEgressAsync(hosts, cancellationToken).ConfigureAwait(false) : null;
        if (egress is not null)
        {
            var route = new SandboxEgress(egress.SocketPath);
            spec = spec with { Egress = route };
            foreach (var (name, value) in route.ProxyEnvironment())
            {
                variables[name] = value;
            }
        }

        // The checkout is shown where the agent saw its tree (SandboxPaths.WorkTree): a path in the command or the
        // environment names it there.
        var argv = Bubblewrap.Wrap(spec, command);
        return await ProcessRunner.RunAsync(new ProcessRunOptions(argv, workingDirectory, timeout) { Environment = Bubblewrap.Environment(spec, variables), Ledger = ledger }, cancellationToken).ConfigureAwait(false);
    }

    private static CheckSandbox For(RunFolder folder, string tree, string home, IEnumerable<string>? hiddenPaths)
    {
        Directory.CreateDirectory(home);
        var hidden = SandboxFolders.Hidden(folder, hiddenPaths);
        // The agent's variables, from the same builder (AgentStep): the home is a different folder on the host, but
        // the sandbox shows every home at the same path.
        var (readable, environment) = SandboxEnvironment.For(home, hidden);
        return new CheckSandbox(new SandboxSpec(tree, home, false, hidden, readable, [], []), environment);
    }

    private static async Task RequireBubblewrapAsync(string what)
    {
        if (await Bubblewrap.WhyUnavailableAsync().ConfigureAwait(false) is { } why)
        {
            throw new StepRejectedException($"{what} in the agent's sandbox (agent.sandbox: bwrap), but {why}. Install bubblewrap, or set agent.sandbox: none to run the agent, the setup and the checks unconfined.");
        }
    }

    /// <exception cref="StepRejectedException">The bridge cannot run here (no socat).</exception>
    private static async Task<EgressProxy> StartEgressAsync(IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        if (SandboxEgress.WhyUnavailable() is { } why)
        {
            throw new StepRejectedException($"a check's network lists hosts, but {why}.");
        }

        // Outside everything the check may write; short, as a Unix socket path must be.
        var socket = Path.Combine("/tmp", $"loopfn-check-egress-{Guid.NewGuid():N}.sock");
        return await EgressProxy.StartAsync(hosts, socket, cancellationToken).ConfigureAwait(false);
    }
}
