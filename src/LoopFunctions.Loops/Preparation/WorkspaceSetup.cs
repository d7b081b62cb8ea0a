using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Verification;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Preparation;

/// <summary>Runs <c>workspace.setup</c> in the agent's tree once the workspace is prepared. It runs the repository's
/// code (on a pull request's head, the pull request's), so it gets the sandbox the checks get, with the agent's tree
/// and home writable instead of the checkout's: every process dies with it, the host's home and the store are
/// hidden, and its network is <c>workspace.setup_network</c>'s (else the agent's).</summary>
public static class WorkspaceSetup
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>Runs the setup of <paramref name="plan"/> in <paramref name="folder"/>'s tree, if it has one.</summary>
    /// <remarks>At least once: a retried prepare runs it again, so a setup must be safe to repeat (as <c>npm ci</c>
    /// and a restore are).</remarks>
    /// <param name="plan">The run's workspace plan; without <see cref="WorkspacePlan.SetupSandbox"/> the setup runs
    /// unconfined (<c>agent.sandbox: none</c>, or a run planned before setups were confined).</param>
    /// <param name="folder">The prepared run folder.</param>
    /// <param name="hiddenPaths">More host folders the sandbox hides (<see cref="Activities.LoopRunnerOptions.SandboxHiddenPaths"/>).</param>
    /// <param name="cancellationToken">Cancels the step; the setup's processes are killed.</param>
    /// <exception cref="WorkspaceException">The setup failed or timed out.</exception>
    /// <exception cref="Errors.StepRejectedException">The sandbox cannot be made here (no bubblewrap).</exception>
    public static async Task RunAsync(WorkspacePlan plan, RunFolder folder, IEnumerable<string>? hiddenPaths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        if (plan.SetupCommand is not { Count: > 0 } setup)
        {
            return;
        }

        if (plan.SetupSandbox is not { } confined)
        {
            await GitWorkspace.RunSetupAsync(setup, folder.Tree, folder.Processes, Timeout, cancellationToken).ConfigureAwait(false);
            return;
        }

        var sandbox = await CheckSandbox.ForSetupAsync(folder, hiddenPaths).ConfigureAwait(false);
        var result = await CheckSandbox.RunAsync(sandbox, setup, folder.Tree, Timeout, confined.Network, confined.Hosts, null, folder.Processes, cancellationToken).ConfigureAwait(false);
        GitWorkspace.ThrowIfSetupFailed(setup, result);
    }
}
