using System.Globalization;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>
/// Runs a coding CLI (<see cref="CodingCli"/>) headless as one agent step: the prompt on stdin, HOME, the XDG folders
/// and the CLI's own state in the run's agent home (kept across iterations, so the next iteration can resume the
/// session), the loop's sandbox around it, and its machine output read for what it did and spent. A CLI that exits 0
/// but reports refused or failed edits is a failed step with the reason, never a success.
/// </summary>
/// <remarks>At-least-once: a step run again after a crash starts the CLI again; the session it resumes is the one
/// the last finished run left (a run killed before it printed its session id leaves none, and the next starts a
/// fresh session).</remarks>
public sealed class CliAgent : ICodingAgent
{
    private readonly CodingCli _cli;
    private readonly CliAgentOptions _options;

    /// <summary>Creates the agent.</summary>
    public CliAgent(CodingCli cli, CliAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new AgentException($"the {cli.DisplayName} timeout must be positive (got {options.Timeout})");
        }

        (_cli, _options) = (cli, options);
    }

    /// <inheritdoc />
    public async Task<AgentResult> RunAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var home = request.Environment.TryGetValue("HOME", out var h) ? h : Directory.CreateTempSubdirectory("loopfn-agent-home-").FullName;
        var session = _options.Resume && request.Iteration > 1 ? CliSessionStore.Read(home, _cli.Kind) : null;
        var program = CliLocator.Resolve(_cli, _options.Program);
        var launch = _cli.Prepare(new CliInvocation(
            program, _options.Model, _options.Endpoint, _options.ApiKeyEnv, _options.MaxTurns, _options.ExtraArgs, home, session?.SessionId, request.AllowedCommands, request.Sandbox is not null));
        foreach (var (file, content) in launch.Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content, cancellationToken).ConfigureAwait(false);
        }

        var argv = launch.Arguments;
        if (request.Sandbox is { } sandbox)
        {
            argv = Bubblewrap.Wrap(sandbox with { Readable = [.. sandbox.Readable, .. CliLocator.InstallRoots(program)] }, argv);
        }

        var environment = Environment(request, home, launch);
        if (request.Sandbox is { } confined)
        {
            // Inside the sandbox the home and the tree are at fixed paths, so the session a CLI keys by its working
            // directory or home is found again by the next iteration, and nothing names the run's folder.
            environment = Bubblewrap.Environment(confined, environment);
        }

        var timeout = request.Timeout > TimeSpan.Zero && request.Timeout < _options.Timeout ? request.Timeout : _options.Timeout;
        var events = request.Transcript is null ? null : new Transcripts.CliTranscript(_cli.Kind, request.Transcript);
        var run = new ProcessRunOptions(argv, request.WorkspacePath, timeout)
        {
            StandardInput = session is null ? PromptBuilder.Build(request) : PromptBuilder.BuildFollowUp(request),
            Environment = environment,
            OutputCap = _options.OutputCap,
            Ledger = request.Ledger,
            SweepStrays = request.Sandbox is null,
            StandardOutputLine = events is null ? null : events.Line,
            StandardErrorLine = request.Transcript is null ? null : request.Transcript.Stderr,
        };

        ProcessRunResult result;
        try
        {
            result = await ProcessRunner.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentException ex)
        {
            return new AgentResult(false, ex.Message, TokenUsage.Zero, null, 0, [], [ex.Message], ex.Message);
        }

        events?.Complete(result.StandardOutput);
        var report = _cli.Read(result.StandardOutput, session);
        if (report.SessionId is { } id)
        {
            var before = session?.SessionId == id ? session.CumulativeUsage : TokenUsage.Zero;
            var cost = report.SessionCostUsd ?? (session?.SessionId == id ? session.CumulativeCostUsd ?? 0m : 0m) + (report.CostUsd ?? 0m);
            CliSessionStore.Write(home, new CliSession(_cli.Kind, id, report.SessionUsage ?? before + (report.Usage ?? TokenUsage.Zero), cost));
        }

        return ToResult(result, report, session, timeout);
    }

    private Dictionary<string, string> Environment(AgentRequest request, string home, CliLaunch launch)
    {
        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
            ["XDG_STATE_HOME"] = Path.Combine(home, ".local", "state"),
            ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
            ["NO_COLOR"] = "1",
            ["CI"] = "1",
        };
        if (request.Sandbox is null)
        {
            // Not the host's /tmp: the CLI's scratch stays with the run, and codex refuses a CODEX_HOME under TMPDIR.
            environment["TMPDIR"] = Path.Combine(home, ".tmp");
        }

        foreach (var folder in new[] { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" }.Select(n => environment[n]))
        {
            Directory.CreateDirectory(folder);
        }

        if (environment.TryGetValue("TMPDIR", out var tmp) && tmp.StartsWith(home, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(tmp);
        }

        if (System.Environment.GetEnvironmentVariable(_options.ApiKeyEnv) is { } key)
        {
            environment[_options.ApiKeyEnv] = key;
        }

        foreach (var (name, value) in launch.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private AgentResult ToResult(ProcessRunResult result, CliReport report, CliSession? resumed, TimeSpan timeout)
    {
        var transcript = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"ran {_cli.DisplayName} ({_options.Model}{(resumed is null ? "" : $", resumed session {resumed.SessionId}")}) for {result.Elapsed.TotalSeconds:0.0} s, pid {result.ProcessId}"),
            result.TimedOut
                ? string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.#} s; process tree killed")
                : string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode}"),
        };
        if (report.ToolCalls.Count > 0)
        {
            transcript.Add("tool calls: " + string.Join(", ", report.ToolCalls.GroupBy(t => t, StringComparer.Ordinal).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}")));
        }

        transcript.AddRange(report.Problems);
        string? error = null;
        if (result.TimedOut)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{_cli.DisplayName} timed out after {timeout.TotalSeconds:0.#} s and was killed");
        }
        else if (result.ExitCode != 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{_cli.DisplayName} exited with code {result.ExitCode}: {Tail(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput)}");
        }
        else if (report.Problems.Count > 0)
        {
            error = $"{_cli.DisplayName} exited 0, but: {string.Join("; ", report.Problems)}";
        }

        var summary = report.Summary ?? Tail(result.StandardOutput.Length > 0 ? result.StandardOutput : result.StandardError);
        return new AgentResult(error is null, summary, report.Usage ?? TokenUsage.Zero, report.CostUsd, report.ToolCalls.Count, [], transcript, error)
        {
            UsageProblem = report.UsageProblem,
        };
    }

    private static string Tail(string output)
    {
        var lines = output.TrimEnd().Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20))).Trim();
        return tail.Length > 4000 ? tail[^4000..] : tail;
    }
}
