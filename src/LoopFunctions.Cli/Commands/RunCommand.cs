using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Cli.Transcripts;
using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn run &lt;loop&gt;</c>: runs a loop on the embedded store to its end, with live progress.
/// Interrupted (Ctrl+C or a crash), it resumes where it was when run again with the same <c>--instance</c>.</summary>
internal sealed class RunCommand : Command
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly Argument<string> _loop = new("loop") { Description = "A loop's name in ./loops, or the path to a loop file" };
    private readonly Option<string?> _repo = CliOptions.Text("--repo", "PATH", "The repository to work on instead of the loop's workspace.repository (a path or a remote address)");
    private readonly Option<string?> _input = CliOptions.JsonText("--input", "The run's input");
    private readonly Option<string?> _store = CliOptions.Store();
    private readonly Option<string?> _instance = CliOptions.Text("--instance", "ID", "The instance id: a new run's, or the one to resume (default: a new id)");
    private readonly Option<bool> _json = CliOptions.Json("Print the result as one line of JSON on stdout");
    private readonly Option<bool> _quiet = CliOptions.Flag("--quiet", "Do not stream the agent's transcript under the progress line (loopfn logs prints it)");

    public RunCommand(CliTerminal terminal)
        : base("run", "Run a loop on the embedded store to its end, with live progress; run again with the same --instance to resume")
    {
        Arguments.Add(_loop);
        Options.Add(_repo);
        Options.Add(_input);
        Options.Add(_store);
        Options.Add(_instance);
        Options.Add(_json);
        Options.Add(_quiet);
        _instance.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } id && LoopRunRequest.InstanceIdProblem(id) is { } problem)
            {
                result.AddError($"--instance: {problem}");
            }
        });
        SetAction((parse, _) =>
        {
            var (output, error) = parse.Writers();
            var definition = LoopResolver.Resolve(parse.GetValue(_loop)!);
            // A remote address (https://..., git@host:...) is passed on as it is; only a local path is made absolute.
            var repo = parse.GetValue(_repo);
            var remote = repo is not null && Loops.Workspace.RepositoryAddress.IsRemote(repo);
            return RunLoopAsync(definition, repo is null || remote ? repo : Path.GetFullPath(repo), parse.GetValue(_input), parse.GetValue(_store), parse.GetValue(_instance), parse.GetValue(_json), output, error, parse.GetValue(_quiet), terminal);
        });
    }

    /// <param name="terminal">Where a live view may be drawn instead of the progress lines (stderr's console); plain
    /// lines when null or with <paramref name="json"/>.</param>
    public static async Task<int> RunLoopAsync(LoopDefinition definition, string? repo, string? input, string? store, string? instance, bool json, TextWriter output, TextWriter error, bool quiet = false, CliTerminal? terminal = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (instance is not null && LoopRunRequest.InstanceIdProblem(instance) is { } problem)
        {
            throw new UsageException($"--instance: {problem}");
        }

        if (CliPreflight.Problems(definition.Agent) is { Count: > 0 } unready)
        {
            // Before the store is opened or anything spent: a run that cannot start its agent would only fail later.
            foreach (var reason in unready)
            {
                error.WriteLine($"loopfn: {definition.Name}: {reason}");
            }

            return ExitCodes.Error;
        }

        var ready = false;
        if (instance is null)
        {
            // A new run: refused before the store is even opened.
            LoopPricing.Check(definition, LocalEngine.Prices());
            if (!await PreflightAsync(definition, repo, error))
            {
                return ExitCodes.Error;
            }

            ready = true;
        }

        // The run stores the loop's name, not its path: the engine finds it in the file's folder, where the name must
        // lead back to this file (another file there may claim it with name:).
        var folder = Path.GetDirectoryName(definition.SourcePath)!;
        if (LoopFileReader.Load(folder).Loops.TryGetValue(definition.Name, out var named) && !string.Equals(named.SourcePath, definition.SourcePath, StringComparison.Ordinal))
        {
            throw new UsageException($"loop '{definition.Name}' is also the name of {named.SourcePath} in the same folder; give one of them another name:");
        }

        await using var engine = await LocalEngine.OpenAsync(store, startWorker: true, folder);
        await SweepPoolsAsync(engine, error);
        instance ??= LoopRunRequest.NewInstanceId(definition.Name, DateTimeOffset.UtcNow);
        // A run resumed after a crash: what the crashed process's steps left running dies now, whichever attempts run again.
        engine.KillLeftovers(instance, runEnded: false);
        var existing = await engine.Client.GetInstanceAsync(instance, getInputsAndOutputs: true);
        if (existing?.ReadInputAs<LoopRunInput>() is { } earlier && !string.Equals(earlier.LoopName, definition.Name, StringComparison.Ordinal))
        {
            // One id, one loop: its workspace and branch belong to the loop that first used it.
            throw new UsageException($"--instance {instance} already belongs to loop '{earlier.LoopName}'; choose another id for loop '{definition.Name}'");
        }

        if (existing is null || existing.IsCompleted && existing.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            // Refused before anything is scheduled, so nothing is spent; a run being resumed keeps its recorded plan.
            LoopPricing.Check(definition, LocalEngine.Prices());
            if (!ready && !await PreflightAsync(definition, repo, error))
            {
                return ExitCodes.Error;
            }

            // A local repository is stored relative to the loop's folder, where the planner resolves it, so the stored
            // input holds no absolute path of this machine.
            var repository = repo is null || Loops.Workspace.RepositoryAddress.IsRemote(repo) ? repo : Path.GetRelativePath(folder, repo);
            var request = new LoopRunInput(definition.Name, LoopRunInput.Json(input), new LoopTrigger(TriggerSource.Manual), repository);
            await engine.Client.ScheduleNewOrchestrationInstanceAsync(LoopActivityNames.Orchestrator, request, new StartOrchestrationOptions(instance));
            error.WriteLine($"loop {definition.Name}: started {instance} (store {engine.StorePath})");
        }
        else
        {
            error.WriteLine($"loop {definition.Name}: {(existing.IsCompleted ? "already finished" : "resuming")} {instance} (store {engine.StorePath})");
        }

        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (a service manager, `kill`) stops the run like Ctrl+C instead of killing the process under its steps.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            interrupted.Cancel();
        });
        try
        {
            var result = await RunWatch.WatchAsync(engine, instance, definition.Name, definition.Limits.MaxIterations, error, json ? null : terminal?.Error, quiet, interrupted.Token);
            // The run's end: a step it no longer waits for (an attempt stopped by a sibling's failure) may still run.
            engine.KillLeftovers(instance, runEnded: result.IsCompleted);

            var exit = Report(result, json, output, error);
            if (definition.Limits.Pool is not null)
            {
                // The run's last settle and its release are signals: this process runs the pool's entity, so it lets
                // the entity apply them before it exits rather than leave them for the next run on this store.
                await Loops.Budget.BudgetPools.ReleaseRunAsync(engine.Client, instance, TimeSpan.FromSeconds(10));
            }

            var stored = existing?.ReadInputAs<LoopRunInput>()?.Repository ?? (existing is null ? repo : null) ?? definition.Repository;
            var repository = stored is null || Loops.Workspace.RepositoryAddress.IsRemote(stored) ? stored : Path.GetFullPath(stored, folder);
            if (result.RuntimeStatus == OrchestrationRuntimeStatus.Completed && result.ReadOutputAs<LoopResult>() is { } done
                && await LoopBranchPlace.TellAsync(done, repository, Loops.Workspace.RunFolder.For(engine.WorkRoot, instance).GitDir) is { } place)
            {
                error.WriteLine(place);
            }

            return exit;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            // The running step is stopped now, its processes killed, and it is released to run again on resume.
            await engine.AbortAsync();
            error.WriteLine($"interrupted; the loop is kept in the store. Resume with: loopfn run {definition.SourcePath} --store {engine.StorePath} --instance {instance}");
            return ExitCodes.Error;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Checks what the run needs from this machine before anything is scheduled (<see cref="LoopPreflight"/>);
    /// false, with each problem and its fix said, when something is missing.</summary>
    private static async Task<bool> PreflightAsync(LoopDefinition definition, string? repo, TextWriter error)
    {
        var problems = await LoopPreflight.ProblemsAsync(definition, repo, LocalEngine.RunnerSettings());
        foreach (var problem in problems)
        {
            error.WriteLine($"loopfn: {definition.Name}: {problem}");
        }

        if (problems.Count > 0)
        {
            error.WriteLine($"loopfn: {definition.Name}: not started; nothing was spent.");
        }

        return problems.Count == 0;
    }

    internal static int Report(OrchestrationMetadata metadata, bool json, TextWriter output, TextWriter error)
    {
        var result = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? metadata.ReadOutputAs<LoopResult>() : null;
        if (result is null)
        {
            error.WriteLine($"loop {metadata.InstanceId} is {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage ?? metadata.SerializedOutput}");
        }
        else
        {
            error.WriteLine($"{result.Outcome}: {result.Reason}");
            error.WriteLine($"branch {result.Branch} at {result.FinalCommit?[..Math.Min(12, result.FinalCommit.Length)]}; {result.Iterations.Count} iteration(s), {result.Spent.TotalTokens:N0} tokens, {result.Spent.CostText()}");
            if (result.PublishedUrl is { } published)
            {
                error.WriteLine($"published: {published}");
            }

            if (result.FollowUpBranch is { } followUp)
            {
                error.WriteLine($"handed off to {followUp}");
            }

            if (result.Deployment is { } deployment)
            {
                error.WriteLine($"deployment: {(deployment.Succeeded ? "succeeded" : "failed")}: {deployment.Deploy.Summary}");
                foreach (var check in deployment.Checks)
                {
                    error.WriteLine($"  {(check.Passed ? "passed" : "FAILED")}: {check.Summary}");
                }

                if (deployment.Rollback is { } rollback)
                {
                    error.WriteLine($"  {rollback.Summary}");
                }
            }

            foreach (var escalation in result.Escalations)
            {
                error.WriteLine($"after iteration {escalation.AfterIteration}: {escalation.From} -> {escalation.To} ({escalation.Reason})");
            }
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                instanceId = metadata.InstanceId,
                runtimeStatus = metadata.RuntimeStatus.ToString(),
                outcome = result?.Outcome.ToString(),
                reason = result?.Reason ?? metadata.FailureDetails?.ErrorMessage,
                branch = result?.Branch,
                finalCommit = result?.FinalCommit,
                iterations = result?.Iterations.Count,
                tokens = result?.Spent.TotalTokens,
                costUsd = result?.Spent.CostUsd,
                unpriced = result?.Spent.Unpriced,
                publishedUrl = result?.PublishedUrl,
                handOffBranch = result?.FollowUpBranch,
                deployed = result?.Deployment?.Succeeded,
            }, Json));
        }

        return result?.Outcome switch
        {
            LoopOutcome.Verified => ExitCodes.Success,
            LoopOutcome.BudgetExhausted or LoopOutcome.MaxIterations or LoopOutcome.Stalled or LoopOutcome.Rejected or LoopOutcome.HandedOff or LoopOutcome.DeployFailed => ExitCodes.Unverified,
            _ => ExitCodes.Error,
        };
    }

    /// <summary>No janitor runs between local runs: each run first frees the pool holds that ended or purged runs of
    /// this store left, so a killed and abandoned run does not keep a pool's money until its holds expire.</summary>
    private static async Task SweepPoolsAsync(LocalEngine engine, TextWriter error)
    {
        try
        {
            await engine.PoolJanitor.SweepAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.Data.Common.DbException)
        {
            error.WriteLine($"loopfn: warning: the budget pools could not be swept ({ex.Message}); holds of dead runs stay until they expire");
        }
    }

}
