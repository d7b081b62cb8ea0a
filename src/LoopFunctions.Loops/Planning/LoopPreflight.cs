using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Sandbox;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Planning;

/// <summary>What a run needs from this machine, checked before its orchestration is scheduled: the agent's key and
/// program, bubblewrap for a sandboxed agent, the repository and its base branch, and the settings of its outputs
/// (publish connection and key, GitHub token). Each problem is a sentence that names its fix. A run started anyway
/// fails at the step with the same words, after spending; this is the same check, done first.</summary>
/// <remarks>Only what can be known without spending: nothing here calls a model. The repository is read with
/// <c>git ls-remote</c> (the user's own credentials, as the clone uses them).</remarks>
public static class LoopPreflight
{
    /// <summary>How long the repository may take to answer <c>git ls-remote</c>.</summary>
    public static readonly TimeSpan RepositoryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Every problem that would stop a run of <paramref name="loop"/>; empty when none is known.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="repository">The repository the run is started with (<c>--repo</c>, the start's input), or null
    /// for the loop's own <c>workspace.repository</c>.</param>
    /// <param name="settings">The runner's settings (publish connection and key, GitHub token).</param>
    /// <param name="cancellationToken">Cancels the repository check.</param>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(LoopDefinition loop, string? repository, LoopRunnerOptions settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        problems.AddRange(AgentProblems(loop));
        problems.AddRange(LoopPools.Problems(loop, settings.PoolLimits).Select(p => p.Message));
        if (loop.Agent.Sandbox == SandboxMode.Bwrap && await Bubblewrap.WhyUnavailableAsync().ConfigureAwait(false) is { } why)
        {
            problems.Add($"the agent and the checks run in a sandbox (agent.sandbox: bwrap), but {why}. Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or set agent.sandbox: none to run them unconfined.");
        }

        if (!loop.OnPullRequestHead && await RepositoryProblemAsync(loop, repository, cancellationToken).ConfigureAwait(false) is { } repo)
        {
            problems.Add(repo);
        }

        if (loop.Outputs.Publish is not null)
        {
            if (string.IsNullOrWhiteSpace(settings.PublishConnectionString))
            {
                problems.Add("outputs.publish needs an Azure Storage connection string: set LOOPFN_PUBLISH_CONNECTION (or AzureWebJobsStorage; on a host, LoopFunctions:Publish:Connection).");
            }

            if (string.IsNullOrEmpty(settings.PublishSigningKey))
            {
                problems.Add("outputs.publish needs a key to sign the provenance record: set LOOPFN_PUBLISH_KEY (on a host, LoopFunctions:Publish:SigningKey).");
            }
        }

        if ((loop.Outputs.PullRequestTitle is not null || loop.OnPullRequestHead)
            && string.IsNullOrEmpty(settings.GitHubToken) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(settings.GitHubTokenSetting)))
        {
            var purpose = loop.OnPullRequestHead ? "workspace.branch: head" : "outputs.pull_request";
            problems.Add($"{purpose} needs a GitHub token: set {settings.GitHubTokenSetting} (on a host, LoopFunctions:GitHub:Token); never in a loop file.");
        }

        return problems;
    }

    private static IEnumerable<string> AgentProblems(LoopDefinition loop)
    {
        var agent = loop.Agent;
        if (agent.Kind == "openai")
        {
            var key = agent.ApiKeySetting ?? (agent.IsAzure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY");
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)))
            {
                yield return $"the openai agent needs its API key in the environment variable {key} (agent.api_key_env), which is not set; set it (for a local model server any value will do).";
            }

            if (agent.IsAzure && agent.Endpoint is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT")))
            {
                yield return "the Azure OpenAI agent has no endpoint: set AZURE_OPENAI_ENDPOINT (https://NAME.openai.azure.com/), or agent.endpoint.";
            }

            yield break;
        }

        if (agent.Kind == "command" && agent.Command is [var program, ..] && !program.Contains('{', StringComparison.Ordinal) && !ProgramExists(program))
        {
            yield return $"the agent's program '{program}' (agent.command) is not on PATH and not a file; install it or fix agent.command.";
        }

        foreach (var problem in CliPreflight.Problems(agent))
        {
            yield return problem;
        }
    }

    private static bool ProgramExists(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            // A relative path may name a file of the repository (the agent runs in its clone): not known yet.
            return !Path.IsPathRooted(program) || File.Exists(program);
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
    }

    private static async Task<string?> RepositoryProblemAsync(LoopDefinition loop, string? given, CancellationToken cancellationToken)
    {
        var repository = given ?? loop.Repository;
        if (repository is null)
        {
            return $"the loop names no repository: give one with --repo PATH (or the start's repo), or set workspace.repository in {loop.SourcePath}.";
        }

        var remote = RepositoryAddress.IsRemote(repository);
        if (!remote)
        {
            repository = Path.GetFullPath(repository, Path.GetDirectoryName(loop.SourcePath)!);
            if (!Directory.Exists(repository))
            {
                return $"the repository {repository} does not exist: give an existing git repository with --repo PATH, or fix workspace.repository.";
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RepositoryTimeout);
        Processes.ProcessRunResult heads;
        try
        {
            // As a clone reaches it: with the user's git configuration and SSH agent (credentials).
            heads = await Git.TryRunAsync(new GitCall(Path.GetTempPath(), ["ls-remote", "--heads", "--", repository]) { Remote = true }, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the repository {RepositoryAddress.Display(repository)} did not answer within {DurationText.Format(RepositoryTimeout)} (git ls-remote); check the address and your network.";
        }

        if (heads.ExitCode != 0)
        {
            return $"cannot read the repository {RepositoryAddress.Display(repository)}: {RepositoryAddress.Scrub(heads.StandardError.Trim(), repository)}. Give a git repository you can clone (--repo, workspace.repository), with its credentials set up for git.";
        }

        if (loop.BaseBranch.Contains('{', StringComparison.Ordinal))
        {
            return null;
        }

        var branches = heads.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t') is [_, var name] && name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..] : null)
            .OfType<string>()
            .ToList();
        if (branches.Contains(loop.BaseBranch, StringComparer.Ordinal))
        {
            return null;
        }

        var has = branches.Count == 0 ? "it has no branches (no commit yet)" : $"its branches: {string.Join(", ", branches.Take(10))}{(branches.Count > 10 ? ", ..." : "")}";
        var suggestion = branches.Count == 0 ? "commit to it first" : $"set workspace.base_branch: {(branches.Contains("master", StringComparer.Ordinal) ? "master" : branches[0])} in {loop.SourcePath}";
        return $"the base branch '{loop.BaseBranch}' is not in the repository {RepositoryAddress.Display(repository)} ({has}); {suggestion}.";
    }
}
