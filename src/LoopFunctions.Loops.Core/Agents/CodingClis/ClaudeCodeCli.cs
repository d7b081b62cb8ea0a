using System.Globalization;
using System.Text.Json;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>
/// Claude Code (<c>claude</c>, npm <c>@anthropic-ai/claude-code</c>): <c>claude -p</c> with the prompt on stdin,
/// <c>--output-format stream-json</c>, edits allowed by <c>--permission-mode acceptEdits</c> (the mode that works as
/// root, unlike skipping permissions) and the loop's commands by <c>--allowedTools Bash(cmd:*)</c>; the endpoint and
/// key through <c>ANTHROPIC_BASE_URL</c>/<c>ANTHROPIC_API_KEY</c>; <c>CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC</c>
/// turns off its bootstrap, registry and telemetry calls (they ignore the base URL).
/// </summary>
public sealed class ClaudeCodeCli : CodingCli
{
    /// <summary>Creates the description.</summary>
    public ClaudeCodeCli()
        : base("claude", "Claude Code", "claude", "@anthropic-ai/claude-code", "2.1.328", "claude-sonnet-4-5", "ANTHROPIC_API_KEY", "api.anthropic.com")
    {
    }

    /// <inheritdoc />
    public override bool HasMaxTurns => true;

    /// <inheritdoc />
    public override CliLaunch Prepare(CliInvocation call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var argv = new List<string>
        {
            call.Program, "-p", "--output-format", "stream-json", "--verbose",
            "--permission-mode", "acceptEdits", "--model", call.Model,
        };
        if (call.MaxTurns is { } turns)
        {
            argv.AddRange(["--max-turns", turns.ToString(CultureInfo.InvariantCulture)]);
        }

        foreach (var command in call.AllowedCommands)
        {
            argv.AddRange(["--allowedTools", $"Bash({command}:*)"]);
        }

        if (call.ResumeSession is { } session)
        {
            argv.AddRange(["--resume", session]);
        }

        argv.AddRange(call.ExtraArgs);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(call.Home, ".claude"),
        };
        if (call.ApiKeyEnv != "ANTHROPIC_API_KEY")
        {
            environment["ANTHROPIC_API_KEY"] = Environment.GetEnvironmentVariable(call.ApiKeyEnv) ?? "";
        }

        if (call.Endpoint is { } endpoint)
        {
            environment["ANTHROPIC_BASE_URL"] = endpoint.ToString().TrimEnd('/');
        }

        return new CliLaunch(argv, environment, new Dictionary<string, string>());
    }

    /// <inheritdoc />
    public override CliReport Read(string stdout, CliSession? previous)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var problems = new List<string>();
        var usageProblems = new List<string>();
        var tools = new List<string>();
        string? session = null, summary = null;
        TokenUsage? usage = null;
        decimal? cost = null;
        foreach (var line in CliJson.Objects(stdout))
        {
            session = CliJson.Text(line, "session_id") ?? session;
            switch (CliJson.Text(line, "type"))
            {
                case "assistant" when CliJson.Property(line, "message", "content") is { ValueKind: JsonValueKind.Array } content:
                    tools.AddRange(content.EnumerateArray()
                        .Where(part => CliJson.Text(part, "type") == "tool_use")
                        .Select(part => CliJson.Text(part, "name") ?? "tool"));
                    break;
                case "result" or null when CliJson.Property(line, "usage") is not null || CliJson.Text(line, "result") is not null:
                    summary = CliJson.Text(line, "result") ?? summary;
                    cost = CliJson.Cost(line, usageProblems, "total_cost_usd") ?? cost;
                    usage = Usage(line, usageProblems) ?? usage;
                    Denials(line, problems);
                    if (CliJson.Flag(line, "is_error"))
                    {
                        problems.Add($"Claude Code ended with an error: {CliJson.Text(line, "result") ?? CliJson.Text(line, "subtype") ?? "no detail"}");
                    }

                    break;
            }
        }

        // total_cost_usd covers the whole session after --resume, while usage covers this run: charge the difference.
        var before = previous is not null && previous.SessionId == session ? previous.CumulativeCostUsd : null;
        var own = cost is { } total && before is { } spent && total >= spent ? total - spent : cost;
        return new CliReport(summary, usage, own, session, tools, problems)
        {
            SessionCostUsd = cost,
            UsageProblem = usageProblems.Count == 0 ? null : string.Join("; ", usageProblems),
        };
    }

    /// <summary>Claude's <c>input_tokens</c> leave out the cache: every input token is the sum of the three.</summary>
    private static TokenUsage? Usage(JsonElement result, List<string> problems)
    {
        if (CliJson.Property(result, "usage") is not { ValueKind: JsonValueKind.Object } usage)
        {
            return null;
        }

        var fresh = CliJson.Tokens(usage, problems, "input_tokens") ?? 0;
        var written = CliJson.Tokens(usage, problems, "cache_creation_input_tokens") ?? 0;
        var read = CliJson.Tokens(usage, problems, "cache_read_input_tokens") ?? 0;
        var output = CliJson.Tokens(usage, problems, "output_tokens") ?? 0;
        return new TokenUsage(fresh + written + read, output) { CachedInputTokens = read };
    }

    private static void Denials(JsonElement result, List<string> problems)
    {
        if (CliJson.Property(result, "permission_denials") is not { ValueKind: JsonValueKind.Array } denials)
        {
            return;
        }

        foreach (var denial in denials.EnumerateArray())
        {
            var tool = CliJson.Text(denial, "tool_name") ?? "a tool";
            var target = CliJson.Text(denial, "tool_input", "file_path") ?? CliJson.Text(denial, "tool_input", "command");
            problems.Add(target is null ? $"permission denied: {tool}" : $"permission denied: {tool} {target}");
        }
    }
}
