using System.Text.Json;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>
/// Gemini CLI (<c>gemini</c>, npm <c>@google/gemini-cli</c>): the prompt on stdin (not a terminal, so it runs
/// headless), <c>--output-format json</c>, continued with <c>--resume &lt;session&gt;</c>, edits approved by
/// <c>--yolo</c>, the workspace trusted for the run with <c>--skip-trust</c>, <c>-m</c> always (the automatic model
/// adds a router call); the endpoint in <c>GOOGLE_GEMINI_BASE_URL</c>, which it only honours with the API-key auth
/// type selected in a settings file: loopfn writes one into the agent home, with usage statistics off.
/// </summary>
public sealed class GeminiCli : CodingCli
{
    /// <summary>Creates the description.</summary>
    public GeminiCli()
        : base("gemini", "Gemini CLI", "gemini", "@google/gemini-cli", "0.61.0", "gemini-2.5-flash", "GEMINI_API_KEY", "generativelanguage.googleapis.com")
    {
    }

    /// <inheritdoc />
    public override CliLaunch Prepare(CliInvocation call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var argv = new List<string> { call.Program, "--output-format", "json", "--yolo", "--skip-trust", "-m", call.Model };
        if (call.ResumeSession is { } session)
        {
            argv.AddRange(["--resume", session]);
        }

        argv.AddRange(call.ExtraArgs);
        var settings = Path.Combine(call.Home, ".gemini", "settings.json");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GEMINI_CLI_SYSTEM_SETTINGS_PATH"] = settings,
            ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
        };
        if (call.ApiKeyEnv != "GEMINI_API_KEY")
        {
            environment["GEMINI_API_KEY"] = Environment.GetEnvironmentVariable(call.ApiKeyEnv) ?? "";
        }

        if (call.Endpoint is { } endpoint)
        {
            environment["GOOGLE_GEMINI_BASE_URL"] = endpoint.ToString().TrimEnd('/');
        }

        const string Settings = """
            {
              "security": { "auth": { "selectedType": "gemini-api-key" } },
              "privacy": { "usageStatisticsEnabled": false },
              "general": { "disableAutoUpdate": true, "disableUpdateNag": true }
            }
            """;
        return new CliLaunch(argv, environment, new Dictionary<string, string> { [settings] = Settings });
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
        foreach (var line in CliJson.Objects(stdout))
        {
            session = CliJson.Text(line, "session_id") ?? session;
            summary = CliJson.Text(line, "response") ?? summary;
            if (CliJson.Property(line, "error") is { } error)
            {
                problems.Add($"Gemini CLI reported an error: {CliJson.Text(error, "message") ?? error.GetRawText()}");
            }

            if (CliJson.Property(line, "stats", "models") is { ValueKind: JsonValueKind.Object } models)
            {
                usage = Usage(models, usageProblems);
            }

            if (CliJson.Property(line, "stats", "tools", "byName") is { ValueKind: JsonValueKind.Object } byName)
            {
                foreach (var tool in byName.EnumerateObject())
                {
                    var calls = CliJson.Tokens(tool.Value, usageProblems, "count") ?? 1;
                    var failed = CliJson.Tokens(tool.Value, usageProblems, "fail") ?? 0;
                    tools.AddRange(Enumerable.Repeat(tool.Name, (int)Math.Min(calls, 10_000)));
                    if (failed > 0)
                    {
                        problems.Add($"{failed} {tool.Name} call(s) failed");
                    }
                }
            }
        }

        return new CliReport(summary, usage, null, session, tools, problems)
        {
            UsageProblem = usageProblems.Count == 0 ? null : string.Join("; ", usageProblems),
        };
    }

    /// <summary><c>prompt</c> counts every input token (the cached ones too); output is candidates plus thoughts.
    /// Summed over the models the run used.</summary>
    private static TokenUsage Usage(JsonElement models, List<string> problems)
    {
        var total = TokenUsage.Zero;
        foreach (var model in models.EnumerateObject())
        {
            if (CliJson.Property(model.Value, "tokens") is not { } tokens)
            {
                continue;
            }

            var prompt = CliJson.Tokens(tokens, problems, "prompt") ?? CliJson.Tokens(tokens, problems, "input") ?? 0;
            var cached = CliJson.Tokens(tokens, problems, "cached") ?? 0;
            var output = (CliJson.Tokens(tokens, problems, "candidates") ?? 0) + (CliJson.Tokens(tokens, problems, "thoughts") ?? 0);
            total += new TokenUsage(prompt, output) { CachedInputTokens = Math.Min(cached, prompt) };
        }

        return total;
    }
}
