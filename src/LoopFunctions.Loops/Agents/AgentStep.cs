using System.Globalization;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Sandbox;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Agents;

/// <summary>
/// One agent step: reset the tree to the step's start commit (killing whatever the last step left running), run the
/// agent confined to the tree until it ends, its timeout, or the run's <c>max_duration</c> deadline, and report what
/// it spent after checking that the report can be true.
/// </summary>
public static class AgentStep
{
    /// <summary>Longest summary kept in the run's history; the rest is cut (the agent's output is not the ledger).</summary>
    public const int MaxSummaryChars = 64 * 1024;

    /// <exception cref="StepRejectedException">The agent reported impossible usage, or the sandbox is unavailable.</exception>
    public static Task<AgentStepResult> RunAsync(AgentStepInput input, AgentFactory agents, LoopRunnerOptions options, CancellationToken cancellationToken) =>
        RunAsync(input, agents, options, null, cancellationToken);

    /// <summary>Runs the step, recording what the agent does in <paramref name="transcript"/>'s store while it runs
    /// (never in the step's result: the history keeps only the summary).</summary>
    /// <exception cref="StepRejectedException">The agent reported impossible usage, or the sandbox is unavailable.</exception>
    /// <param name="pools">With a pooled step (<see cref="AgentStepInput.Reservation"/>): checks the hold before the
    /// agent runs (a finished step's record is returned without a check).</param>
    public static async Task<AgentStepResult> RunAsync(AgentStepInput input, AgentFactory agents, LoopRunnerOptions options, Transcripts.TranscriptTarget? transcript, CancellationToken cancellationToken, Budget.IBudgetPoolReader? pools = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(options);
        var folder = RunFolder.Of(input);
        using var held = await RunLock.AcquireAsync(folder, cancellationToken).ConfigureAwait(false);

        // A second execution of a finished step (its worker died before the step's completion was acknowledged) must
        // not reset the tree under the run's next step, nor pay for the agent again.
        var record = $"agent-{input.Iteration}-{input.Head}" + (input.Attempt is { } attempt ? string.Create(CultureInfo.InvariantCulture, $"-attempt-{attempt}") : "");
        if (StepRecords.TryRead<AgentStepResult>(folder, record) is { } finished)
        {
            return finished;
        }

        if (input.Reservation is { } hold && pools is not null && !await pools.IsHeldAsync(hold.Pool, hold.Id, cancellationToken).ConfigureAwait(false))
        {
            // Not recorded: the orchestrator reserves again and calls this step again with the new hold.
            var lost = $"not run: pool '{hold.Pool}' no longer holds its reservation {hold.Id}";
            return new AgentStepResult(false, lost, TokenSpend.Zero, 0, lost) { ReservationLost = true, TreeUnchanged = true };
        }

        var result = await RunAgentAsync(input, folder, agents, options, transcript, cancellationToken).ConfigureAwait(false);
        StepRecords.Write(folder, record, result);
        return result;
    }

    private static async Task<AgentStepResult> RunAgentAsync(AgentStepInput input, RunFolder folder, AgentFactory agents, LoopRunnerOptions options, Transcripts.TranscriptTarget? target, CancellationToken cancellationToken)
    {
        await WorkTree.ResetAsync(folder, input.Head, input.Workspace.Branch, cancellationToken).ConfigureAwait(false);
        var plan = input.Agent;
        var left = input.Deadline is { } deadline ? deadline - DateTime.UtcNow : (TimeSpan?)null;
        if (left <= TimeSpan.Zero)
        {
            const string NotRun = "not run: the run's max_duration was reached";
            return new AgentStepResult(false, NotRun, TokenSpend.Zero, 0, NotRun) { TreeUnchanged = true };
        }

        var timeout = left is { } l && l < plan.Timeout ? l : plan.Timeout;
        var protect = (input.Protected ?? []).Select(PathGlob.Parse).ToList();
        var sandbox = await SandboxAsync(plan, folder, input.Head, protect, options, cancellationToken).ConfigureAwait(false);
        var environment = ChildEnvironment.Declared(plan.Environment);
        if (sandbox is null)
        {
            environment["HOME"] = folder.Home;
            environment["GIT_CEILING_DIRECTORIES"] = folder.Root; // the agent's git never finds the project's repository
        }
        else
        {
            // The variables the checks get (CheckSandbox), from the same builder: what the agent runs is what the checks
            // run, and nothing in the environment tells the one from the other. The project's repository is hidden, so
            // no ceiling (which would name the run's folder) is needed.
            var (readable, shared) = SandboxEnvironment.For(folder.Home, sandbox.Hidden);
            sandbox = sandbox with { Readable = [.. sandbox.Readable, .. readable] };
            foreach (var (name, value) in shared)
            {
                environment[name] = value;
            }
        }

        if (CliPreflight.Problems(plan) is [var first, ..])
        {
            // The same words as the start's preflight: the host changed since, or the run started elsewhere.
            throw new StepRejectedException(first);
        }

        // The proxy listens before the sandbox starts (bwrap binds its socket) and outlives the agent's processes.
        await using var egress = sandbox is not null && plan.NetworkHosts.Count > 0 && !plan.Network
            ? await StartEgressAsync(folder, plan.NetworkHosts, cancellationToken).ConfigureAwait(false)
            : null;
        if (egress is not null)
        {
            var route = new SandboxEgress(egress.SocketPath);
            sandbox = sandbox! with { Egress = route };
            foreach (var (name, value) in route.ProxyEnvironment())
            {
                environment[name] = value;
            }
        }

        var agent = agents.Create(plan);
        // The same masker for the transcript and for what the step returns: its summary and error reach the history,
        // the status, the logs and commit messages, and an agent may print a key it found in either.
        var masker = new Transcripts.SecretMasker(Secrets(plan, options, environment));
        await using var transcript = target is null ? null : await Transcripts.TranscriptWriter.OpenAsync(
            target.Store, target.InstanceId, new Transcripts.TranscriptStream(input.Iteration, input.Attempt), masker, cancellationToken: cancellationToken).ConfigureAwait(false);
        transcript?.Message(string.Create(CultureInfo.InvariantCulture, $"iteration {input.Iteration}{(input.Attempt is { } n ? $", attempt {n}" : "")}: {plan.Kind} agent{(plan.Model is { Length: > 0 } m && m != plan.Kind ? $" ({m})" : "")} starts on {input.Head[..Math.Min(10, input.Head.Length)]}"));
        var request = new AgentRequest(
            folder.Tree,
            plan.PromptHint is { Length: > 0 } hint ? $"{input.Goal}\n\n{hint}" : input.Goal,
            input.Feedback,
            input.Iteration,
            input.UntrustedContext ?? new Dictionary<string, string>(),
            plan.MaxOutputTokens,
            timeout,
            plan.AllowedCommands,
            plan.MaxToolCalls)
        {
            Protected = protect,
            Sandbox = sandbox,
            Environment = environment,
            Ledger = folder.Processes,
            Transcript = transcript,
        };
        var started = DateTime.UtcNow;
        AgentResult result;
        try
        {
            result = await agent.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentException ex)
        {
            transcript?.Error(ex.Message);
            throw;
        }

        UsageLimits.Validate(result);
        var error = result.Error;
        if (!result.Succeeded && left is { } bound && timeout == bound && DateTime.UtcNow - started >= bound)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"stopped at the run's max_duration deadline, after {DurationText.Elapsed(DateTime.UtcNow - started)}");
        }

        // Every kind is asked, not only the CLIs: a tree left as it was has the verdict it had, and the orchestrator
        // skips its guard, checks and commit.
        var unchanged = !await ChangedAnythingAsync(folder, input.Head, cancellationToken).ConfigureAwait(false);
        if (error is null && unchanged && CodingCliCatalog.Find(plan.Kind) is { } cli)
        {
            // A CLI can exit 0 with its edits denied, or after answering without editing: not a step that did its work.
            error = $"{cli.DisplayName} changed nothing in the workspace";
        }

        var cost = StepCost.Resolve(plan, result.Usage, result.CostUsd);
        var spend = new TokenSpend(result.Usage.InputTokens, result.Usage.OutputTokens, cost.CostUsd) { CachedInputTokens = result.Usage.CachedInputTokens, Unpriced = cost.Unpriced };
        if (error is not null)
        {
            transcript?.Error(error);
        }

        transcript?.Usage(string.Create(CultureInfo.InvariantCulture,
            $"step {(result.Succeeded && error is null ? "ended" : "failed")} after {DurationText.Elapsed(DateTime.UtcNow - started)}: {spend.InputTokens} input, {spend.OutputTokens} output tokens, {(cost.Unpriced ? "unpriced" : cost.CostUsd.ToString("$0.0000", CultureInfo.InvariantCulture))}, {result.ToolCalls} tool calls"));
        var summary = masker.Apply(result.Summary.Length > MaxSummaryChars ? result.Summary[..MaxSummaryChars] + "\n[... summary cut ...]" : result.Summary);
        return new AgentStepResult(result.Succeeded && error is null, summary, spend, result.ToolCalls, error is null ? null : masker.Apply(error))
        {
            CostSource = cost.Source,
            ReportedCostUsd = cost.ReportedCostUsd,
            DeniedConnections = egress is null ? [] : [.. egress.Denied.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Host}:{d.Port}")).Distinct(StringComparer.Ordinal)],
            TreeUnchanged = unchanged,
        };
    }

    /// <summary>The masker a step of <paramref name="plan"/> applies to its transcript, for text of the same run shown
    /// elsewhere (the dashboard's diff of an iteration).</summary>
    public static Transcripts.SecretMasker MaskerFor(AgentPlan plan, LoopRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        return new Transcripts.SecretMasker(Secrets(plan, options, ChildEnvironment.Declared(plan.Environment)));
    }

    /// <summary>What the transcript masks as values: the agent's key, the variables its loop passes it, and the keys
    /// the host holds for its own steps (an agent could find one in its environment or a file and print it).</summary>
    private static IEnumerable<string?> Secrets(AgentPlan plan, LoopRunnerOptions options, IReadOnlyDictionary<string, string> declared)
    {
        var keySetting = plan.ApiKeySetting ?? CodingCliCatalog.Find(plan.Kind)?.DefaultApiKeyEnv ?? (plan.Kind == "openai" ? "OPENAI_API_KEY" : null);
        return [.. plan.Environment.Select(name => declared.GetValueOrDefault(name)),
            keySetting is null ? null : Environment.GetEnvironmentVariable(keySetting),
            options.GitHubToken ?? Environment.GetEnvironmentVariable(options.GitHubTokenSetting),
            options.PublishSigningKey];
    }

    /// <exception cref="StepRejectedException">The bridge cannot run here (no socat).</exception>
    private static async Task<EgressProxy> StartEgressAsync(RunFolder folder, IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        if (SandboxEgress.WhyUnavailable() is { } why)
        {
            throw new StepRejectedException($"agent.network lists hosts, but {why}.");
        }

        // A Unix socket path has at most 107 bytes; a run folder can be deeper than that.
        var socket = folder.EgressSocket;
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        if (System.Text.Encoding.UTF8.GetByteCount(socket) > 100)
        {
            socket = Path.Combine("/tmp", $"loopfn-egress-{Guid.NewGuid():N}.sock");
        }

        return await EgressProxy.StartAsync(hosts, socket, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the tree differs from the step's start commit, as the project's git sees it (the same
    /// snapshot the guard takes next, so the agent's own repository cannot hide or fake a change).</summary>
    private static async Task<bool> ChangedAnythingAsync(RunFolder folder, string head, CancellationToken cancellationToken) =>
        (await TreeSnapshot.CreateAsync(folder, head, cancellationToken).ConfigureAwait(false)).Changes.Count > 0;

    private static async Task<SandboxSpec?> SandboxAsync(AgentPlan plan, RunFolder folder, string head, IReadOnlyList<PathGlob> protect, LoopRunnerOptions options, CancellationToken cancellationToken)
    {
        // An openai agent without commands starts no process: its file tools are confined in-process.
        if (plan.Sandbox == SandboxMode.None || (plan.Kind == "openai" && plan.AllowedCommands.Count == 0))
        {
            return null;
        }

        if (await Bubblewrap.WhyUnavailableAsync().ConfigureAwait(false) is { } why)
        {
            throw new StepRejectedException($"agent.sandbox is bwrap, but {why}. Install bubblewrap, or set agent.sandbox: none to run the agent unconfined.");
        }

        var home = Environment.GetEnvironmentVariable("HOME");
        var hidden = SandboxFolders.Hidden(folder, options.SandboxHiddenPaths);
        var readOnly = await WorkTree.ProtectedFilesAsync(folder, head, protect, cancellationToken).ConfigureAwait(false);
        return new SandboxSpec(folder.Tree, folder.Home, plan.Network, hidden, plan.ReadPaths.Select(Expand).ToList(), plan.WritePaths.Select(Expand).ToList(), readOnly);

        string Expand(string path) => path.StartsWith("~/", StringComparison.Ordinal) && home is not null ? Path.Combine(home, path[2..]) : path;
    }
}
