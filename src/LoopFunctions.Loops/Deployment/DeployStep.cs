using System.Globalization;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Deployment;

/// <summary>
/// Runs <c>outputs.deploy</c>'s command, and its rollback, in a clean checkout of the verified commit
/// (<see cref="RunFolder.Deployment"/>, laid out by the project's git like the checks' checkout, after the loop's setup
/// command): what is deployed is the commit, not the agent's tree nor what the checks left behind.
/// </summary>
/// <remarks>At-least-once, like every step: a deployment command may run again after a crash, so it should be
/// idempotent (a sync, an apply, an upload by content). The commands get the allow-listed environment plus the
/// variables <c>outputs.deploy.env</c> names, and <c>LOOPFN_COMMIT</c>, <c>LOOPFN_DEPLOY_URL</c>.</remarks>
public static class DeployStep
{
    private const int TailCharacters = 4_000;

    public static async Task<DeployStepResult> DeployAsync(DeployInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        await VerificationCheckout.PrepareAsync(folder, input.Commit, input.Commit, [], cancellationToken, folder.Deployment).ConfigureAwait(false);
        if (input.Setup is { Count: > 0 } setup)
        {
            var prepared = await RunAsync("setup", setup, input, folder, cancellationToken).ConfigureAwait(false);
            if (!prepared.Succeeded)
            {
                return prepared;
            }
        }

        return await RunAsync("deploy", input.Deploy.Command!, input, folder, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<DeployStepResult> RollbackAsync(DeployInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = new RunFolder(input.Workspace.Path);
        if (!Directory.Exists(folder.Deployment))
        {
            // A crash between the deployment and its rollback lost nothing but the checkout: lay it out again.
            await VerificationCheckout.PrepareAsync(folder, input.Commit, input.Commit, [], cancellationToken, folder.Deployment).ConfigureAwait(false);
        }

        return await RunAsync("rollback", input.Deploy.Rollback!, input, folder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The variables every deploy, check and rollback command gets.</summary>
    internal static Dictionary<string, string> Environment(DeployInput input)
    {
        var environment = ChildEnvironment.Declared(input.Deploy.Environment);
        environment["LOOPFN_COMMIT"] = input.Commit;
        if (input.Url is { } url)
        {
            environment["LOOPFN_DEPLOY_URL"] = url;
        }

        return environment;
    }

    /// <summary>argv with <c>{commit}</c>, <c>{url}</c> and <c>{branch}</c> replaced, one argument at a time.</summary>
    internal static List<string> Argv(IEnumerable<string> template, DeployInput input) => template
        .Select(a => a
            .Replace("{commit}", input.Commit, StringComparison.Ordinal)
            .Replace("{url}", input.Url ?? "", StringComparison.Ordinal)
            .Replace("{branch}", input.Workspace.Branch, StringComparison.Ordinal))
        .ToList();

    private static async Task<DeployStepResult> RunAsync(string what, IReadOnlyList<string> template, DeployInput input, RunFolder folder, CancellationToken cancellationToken)
    {
        var argv = Argv(template, input);
        var timeout = what == "setup" ? TimeSpan.FromMinutes(30) : input.Deploy.Timeout;
        ProcessRunResult result;
        try
        {
            result = await ProcessRunner.RunAsync(new ProcessRunOptions(argv, folder.Deployment, timeout) { Environment = Environment(input), Ledger = folder.Processes, SweepStrays = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Agents.AgentException ex)
        {
            return new DeployStepResult(false, $"{what}: could not run '{argv[0]}': {ex.Message}", "");
        }

        var output = result.StandardOutput + (result.StandardError.Length > 0 ? "\n" + result.StandardError : "");
        var tail = output.Length > TailCharacters ? "..." + output[^TailCharacters..] : output;
        var summary = result.TimedOut
            ? $"{what}: timed out after {Definitions.DurationText.Format(timeout)}"
            : result.ExitCode == 0
                ? $"{what}: '{string.Join(' ', template)}' succeeded"
                : string.Create(CultureInfo.InvariantCulture, $"{what}: '{string.Join(' ', template)}' failed (exit {result.ExitCode})");
        return new DeployStepResult(result.ExitCode == 0 && !result.TimedOut, summary, tail.Trim());
    }
}
