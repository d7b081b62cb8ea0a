using System.Text.Json;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>
/// Codex (<c>codex</c>, npm <c>@openai/codex</c>): <c>codex exec --json -</c> with the prompt on stdin, continued
/// with <c>codex exec resume &lt;thread&gt; -</c>; the endpoint as a model provider of its own on the Responses wire
/// (<c>-c model_providers.loopfn=...</c>, the key read from the variable named by <c>env_key</c>), state in
/// <c>CODEX_HOME</c> under the agent home, analytics, update checks and plugins off. Inside the loop's sandbox its
/// own sandbox cannot start (it needs namespaces bwrap already took), so it is bypassed there; run unconfined, it
/// keeps its <c>workspace-write</c> sandbox.
/// </summary>
public sealed class CodexCli : CodingCli
{
    /// <summary>Creates the description.</summary>
    public CodexCli()
        : base("codex", "Codex", "codex", "@openai/codex", "0.169.0", "gpt-5-codex", "OPENAI_API_KEY", "api.openai.com")
    {
    }

    /// <inheritdoc />
    public override CliLaunch Prepare(CliInvocation call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var argv = new List<string> { call.Program, "exec" };
        if (call.ResumeSession is not null)
        {
            argv.Add("resume");
        }

        var baseUrl = call.Endpoint?.ToString().TrimEnd('/') ?? "https://api.openai.com/v1";
        argv.AddRange(["--json", "--skip-git-repo-check", "-m", call.Model]);
        argv.AddRange(call.Sandboxed ? ["--dangerously-bypass-approvals-and-sandbox"] : ["-c", "sandbox_mode=\"workspace-write\""]);
        argv.AddRange([
            "-c", "model_provider=\"loopfn\"",
            "-c", $"model_providers.loopfn={{name=\"loopfn\",base_url={Toml(baseUrl)},wire_api=\"responses\",env_key={Toml(call.ApiKeyEnv)}}}",
            "-c", "analytics.enabled=false",
            "-c", "check_for_update_on_startup=false",
            "--disable", "plugins",
            "--disable", "remote_plugin",
        ]);
        argv.AddRange(call.ExtraArgs);
        if (call.ResumeSession is { } session)
        {
            argv.Add(session);
        }

        argv.Add("-");
        var codexHome = Path.Combine(call.Home, ".codex");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["CODEX_HOME"] = codexHome };
        // codex refuses to start without an existing CODEX_HOME; an empty config file makes the folder.
        var files = new Dictionary<string, string> { [Path.Combine(codexHome, "config.toml")] = "# written by loopfn; settings are passed with -c\n" };
        return new CliLaunch(argv, environment, files);
    }

    /// <inheritdoc />
    public override CliReport Read(string stdout, CliSession? previous)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var problems = new List<string>();
        var usageProblems = new List<string>();
        var tools = new List<string>();
        string? session = null, summary = null;
        TokenUsage? total = null;
        foreach (var line in CliJson.Objects(stdout))
        {
            switch (CliJson.Text(line, "type"))
            {
                case "thread.started":
                    session = CliJson.Text(line, "thread_id") ?? session;
                    break;
                case "item.completed" when CliJson.Property(line, "item") is { } item:
                    summary = ReadItem(item, tools, problems) ?? summary;
                    break;
                case "turn.completed" when CliJson.Property(line, "usage") is { } usage:
                    var input = CliJson.Tokens(usage, usageProblems, "input_tokens") ?? 0;
                    var cached = CliJson.Tokens(usage, usageProblems, "cached_input_tokens") ?? 0;
                    var output = CliJson.Tokens(usage, usageProblems, "output_tokens") ?? 0;
                    total = new TokenUsage(input, output) { CachedInputTokens = Math.Min(cached, input) };
                    break;
                case "turn.failed" or "error":
                    problems.Add($"Codex reported an error: {CliJson.Text(line, "error", "message") ?? CliJson.Text(line, "message") ?? "no detail"}");
                    break;
            }
        }

        session ??= previous?.SessionId;
        var own = total is null ? null : OwnShare(total, previous is not null && previous.SessionId == session ? previous.CumulativeUsage : null);
        return new CliReport(summary, own, null, session, tools, problems, total)
        {
            UsageProblem = usageProblems.Count == 0 ? null : string.Join("; ", usageProblems),
        };
    }

    /// <summary>After <c>exec resume</c> codex reports the thread's usage so far, not the turn's: the step is charged
    /// the difference. Counts below the previous total mean a fresh count, which is charged whole.</summary>
    private static TokenUsage OwnShare(TokenUsage total, TokenUsage? before)
    {
        if (before is null || total.InputTokens < before.InputTokens || total.OutputTokens < before.OutputTokens || total.CachedInputTokens < before.CachedInputTokens)
        {
            return total;
        }

        return new TokenUsage(total.InputTokens - before.InputTokens, total.OutputTokens - before.OutputTokens)
        {
            CachedInputTokens = total.CachedInputTokens - before.CachedInputTokens,
        };
    }

    private static string? ReadItem(JsonElement item, List<string> tools, List<string> problems)
    {
        var type = CliJson.Text(item, "type") ?? "item";
        var failed = CliJson.Text(item, "status") == "failed";
        switch (type)
        {
            case "agent_message":
                return CliJson.Text(item, "text");
            case "reasoning":
                return null;
            case "file_change":
                tools.Add("file_change");
                if (failed)
                {
                    var paths = CliJson.Property(item, "changes") is { ValueKind: JsonValueKind.Array } changes
                        ? string.Join(", ", changes.EnumerateArray().Select(c => CliJson.Text(c, "path")).OfType<string>())
                        : "";
                    problems.Add($"file change failed{(paths.Length > 0 ? ": " + paths : "")}");
                }

                return null;
            case "error":
                problems.Add($"Codex reported an error: {CliJson.Text(item, "message") ?? "no detail"}");
                return null;
            default:
                tools.Add(type == "command_execution" ? "command_execution" : CliJson.Text(item, "tool") ?? type);
                return null;
        }
    }

    private static string Toml(string text) => JsonSerializer.Serialize(text); // a TOML basic string is JSON's
}
