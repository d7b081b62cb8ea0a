using System.Globalization;
using System.Text;
using System.Text.Json;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Agents.Workspace;

namespace LoopFunctions.Loops.Agents.OpenAi;

/// <summary>
/// Executes the model's tool calls. Every failure a model can cause (bad arguments, a refused path, a command that is
/// not allowed or fails) becomes the text of the tool result, so the model can correct itself; only cancellation
/// escapes.
/// </summary>
internal sealed class AgentToolbox
{
    private readonly WorkspaceFileSystem _fileSystem;
    private readonly WorkspaceTools _tools;
    private readonly IReadOnlyList<IReadOnlyList<string>> _allowedCommands;
    private readonly int _outputCap;
    private readonly AgentRequest _request;

    public AgentToolbox(WorkspaceFileSystem fileSystem, AgentRequest request, int outputCap)
    {
        _fileSystem = fileSystem;
        _request = request;
        _tools = new WorkspaceTools(fileSystem, request.Protected);
        _allowedCommands = [.. request.AllowedCommands.Select(CommandLineParser.Split).Where(argv => argv.Count > 0)];
        _outputCap = outputCap;
    }

    public IReadOnlyList<string> FilesWritten => _tools.FilesWritten;

    /// <summary>Runs tool <paramref name="name"/> with JSON <paramref name="arguments"/> and returns the tool result
    /// text (prefixed with <c>error:</c> when it failed).</summary>
    public async Task<string> ExecuteAsync(string name, string arguments, TimeSpan commandTimeout, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments);
            var args = document.RootElement;
            if (args.ValueKind != JsonValueKind.Object)
            {
                return "error: tool arguments must be a JSON object";
            }

            return name switch
            {
                ToolSchemas.ListFiles => _tools.ListFiles(Optional(args, "path") ?? "."),
                ToolSchemas.ReadFile => _tools.ReadFile(Required(args, "path")),
                ToolSchemas.WriteFile => _tools.WriteFile(Required(args, "path"), Required(args, "content")),
                ToolSchemas.EditFile => _tools.EditFile(Required(args, "path"), Required(args, "old"), Required(args, "new")),
                ToolSchemas.Search => _tools.Search(Required(args, "pattern"), Optional(args, "path")),
                ToolSchemas.RunCommand => await RunCommandAsync(Required(args, "command"), commandTimeout, cancellationToken),
                _ => $"error: unknown tool '{name}'; available tools: {string.Join(", ", ToolSchemas.All.Select(t => t.FunctionName))}",
            };
        }
        catch (JsonException ex)
        {
            return $"error: tool arguments are not valid JSON: {ex.Message}";
        }
        catch (AgentException ex)
        {
            return "error: " + ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "error: " + ex.Message;
        }
    }

    private async Task<string> RunCommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> argv;
        try
        {
            argv = CommandLineParser.Split(command);
        }
        catch (FormatException ex)
        {
            return "error: " + ex.Message;
        }

        if (argv.Count == 0)
        {
            return "error: the command is empty";
        }

        if (!_allowedCommands.Any(prefix => prefix.Count <= argv.Count && prefix.Select((word, i) => word == argv[i]).All(same => same)))
        {
            var allowed = _allowedCommands.Count == 0
                ? "no commands are allowed in this loop"
                : "allowed: " + string.Join(", ", _allowedCommands.Select(p => string.Join(' ', p)));
            return $"error: command '{command}' is not allowed ({allowed})";
        }

        // The agent's commands run confined like a command agent: they execute code the agent wrote.
        var run = _request.Sandbox is { } sandbox ? Sandbox.Bubblewrap.Wrap(sandbox, argv) : argv;
        var result = await ProcessRunner.RunAsync(
            new ProcessRunOptions(run, _fileSystem.Root, timeout)
            {
                OutputCap = _outputCap,
                Environment = _request.Sandbox is { } confined ? Sandbox.Bubblewrap.Environment(confined, _request.Environment) : _request.Environment,
                Ledger = _request.Ledger,
                SweepStrays = _request.Sandbox is null,
            },
            cancellationToken);
        var text = new StringBuilder();
        text.Append(result.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.TotalSeconds:0.#} s; the process tree was killed\n")
            : string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode}\n"));
        if (result.StandardOutput.Length > 0)
        {
            text.Append("stdout:\n").Append(result.StandardOutput.TrimEnd()).Append('\n');
        }

        if (result.StandardError.Length > 0)
        {
            text.Append("stderr:\n").Append(result.StandardError.TrimEnd()).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    private static string Required(JsonElement args, string name) =>
        Optional(args, name) ?? throw new AgentException($"missing string argument '{name}'");

    private static string? Optional(JsonElement args, string name) =>
        args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
