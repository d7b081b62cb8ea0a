using System.Globalization;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Agents.Cli;

/// <summary>
/// Runs an external coding-agent CLI as a child process in the workspace. The prompt (goal, feedback and quoted event
/// text, rendered by <see cref="PromptBuilder"/>) is written to a file in the workspace's own .git folder, whose path is
/// available as <c>{prompt_file}</c>, and is also written to the child's stdin. The command is never run through a
/// shell. A non-zero exit or a timeout is a failed <see cref="AgentResult"/>, not an exception.
/// </summary>
public sealed class CommandAgent : ICodingAgent
{
    private readonly CommandAgentOptions _options;

    /// <summary>Creates the agent.</summary>
    /// <exception cref="AgentException">The command template is empty.</exception>
    public CommandAgent(CommandAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Command is null || options.Command.Length == 0 || string.IsNullOrWhiteSpace(options.Command[0]))
        {
            throw new AgentException("the agent command is empty; set it to the CLI and its arguments, e.g. [\"my-agent\", \"{prompt_file}\"]");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new AgentException($"the agent command timeout must be positive (got {options.Timeout})");
        }

        _options = options;
    }

    /// <inheritdoc />
    public async Task<AgentResult> RunAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = PromptBuilder.Build(request);
        var promptFile = PromptFilePath(request.WorkspacePath);
        await WritePrivateFileAsync(promptFile, prompt, cancellationToken);
        try
        {
            var argv = ExpandArguments(_options.Command, promptFile, request.WorkspacePath, request.Iteration);
            var timeout = request.Timeout > TimeSpan.Zero && request.Timeout < _options.Timeout ? request.Timeout : _options.Timeout;
            var environment = new Dictionary<string, string>(request.Environment);
            foreach (var (name, value) in _options.Environment ?? new Dictionary<string, string>())
            {
                environment[name] = value;
            }

            if (request.Sandbox is { } sandbox)
            {
                // The agent's own program and scripts may live in a folder the sandbox hides; show them read-only.
                // {workspace} and {prompt_file} become the paths the sandbox shows the tree at.
                argv = Bubblewrap.Wrap(sandbox with { Readable = [.. sandbox.Readable, .. Bubblewrap.PathsIn(argv)] }, argv);
                environment = Bubblewrap.Environment(sandbox, environment);
            }

            var run = new ProcessRunOptions(argv, request.WorkspacePath, timeout)
            {
                StandardInput = prompt,
                Environment = environment,
                OutputCap = _options.OutputCap,
                Ledger = request.Ledger,
                // In a sandbox its PID namespace takes every process down with it; unconfined, strays are hunted by mark.
                SweepStrays = request.Sandbox is null,
                StandardOutputLine = request.Transcript is null ? null : request.Transcript.Output,
                StandardErrorLine = request.Transcript is null ? null : request.Transcript.Stderr,
            };

            ProcessRunResult result;
            try
            {
                result = await ProcessRunner.RunAsync(run, cancellationToken);
            }
            catch (AgentException ex)
            {
                return Failed(ex.Message, [ex.Message]);
            }

            return ToResult(result, timeout);
        }
        finally
        {
            File.Delete(promptFile);
        }
    }

    /// <summary>Replaces the placeholders in each argument on its own; the values never get split into more
    /// arguments, whatever spaces or quotes they contain.</summary>
    internal static IReadOnlyList<string> ExpandArguments(IEnumerable<string> template, string promptFile, string workspace, int iteration) =>
        [.. template.Select(argument => argument
            .Replace("{prompt_file}", promptFile, StringComparison.Ordinal)
            .Replace("{workspace}", workspace, StringComparison.Ordinal)
            .Replace("{iteration}", iteration.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))];

    /// <summary>Inside the clone's <c>.git</c> folder when there is one: never committed, never seen by <c>git status</c>,
    /// gone with the workspace, and overwritten by the next step when a killed process left it behind. Elsewhere a
    /// fresh temp file.</summary>
    private static string PromptFilePath(string workspace) =>
        Directory.Exists(Path.Combine(workspace, ".git"))
            ? Path.Combine(workspace, ".git", "loopfn-prompt.md")
            : Path.Combine(Path.GetTempPath(), $"loopfn-prompt-{Guid.NewGuid():N}.md");

    /// <summary>The prompt can quote private issues; other local users have no business reading it.</summary>
    private static async Task WritePrivateFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken);
    }

    private AgentResult ToResult(ProcessRunResult result, TimeSpan timeout)
    {
        var report = AgentOutputParser.Parse(result.StandardOutput);
        var transcript = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"ran {_options.Command[0]} (pid {result.ProcessId}) for {result.Elapsed.TotalSeconds:0.0} s"),
            result.TimedOut
                ? string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.#} s; process tree killed")
                : string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode}"),
        };
        if (result.OutputTruncated)
        {
            transcript.Add("output was longer than the cap; only its end was kept");
        }

        var summary = report?.Summary ?? LastLines(result.StandardOutput.Length > 0 ? result.StandardOutput : result.StandardError);
        string? error = null;
        if (result.TimedOut)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"agent command timed out after {timeout.TotalSeconds:0.#} s and was killed");
        }
        else if (result.ExitCode != 0)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"agent command exited with code {result.ExitCode}: {LastLines(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput)}");
        }

        return new AgentResult(error is null, summary, report?.Usage ?? TokenUsage.Zero, report?.CostUsd, 0, [], transcript, error) { UsageProblem = report?.UsageProblem };
    }

    private string LastLines(string output)
    {
        var lines = output.TrimEnd().Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - _options.SummaryLines))).Trim();
    }

    private static AgentResult Failed(string error, IReadOnlyList<string> transcript) =>
        new(false, error, TokenUsage.Zero, null, 0, [], transcript, error);
}
