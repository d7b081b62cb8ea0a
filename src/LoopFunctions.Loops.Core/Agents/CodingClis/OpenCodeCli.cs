using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>
/// opencode (<c>opencode</c>, npm <c>opencode-ai</c>): <c>opencode run --format json</c> with no message argument,
/// so the prompt is read from stdin,
/// continued with <c>--session &lt;id&gt;</c>; its whole configuration in <c>OPENCODE_CONFIG_CONTENT</c>: with an
/// <c>endpoint</c>, a provider of its own on the bundled OpenAI-compatible adapter whose key is read from the
/// variable (<c>{env:NAME}</c>), never written out; edits allowed, shell commands only for the loop's allowed
/// commands, web fetches denied; models list fetches, sharing and updates off. Without an endpoint the model is
/// opencode's <c>provider/model</c> (for example <c>anthropic/claude-sonnet-4-5</c>).
/// </summary>
public sealed class OpenCodeCli : CodingCli
{
    /// <summary>Creates the description.</summary>
    public OpenCodeCli()
        : base("opencode", "opencode", "opencode", "opencode-ai", "1.18.33", "anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY", "api.anthropic.com")
    {
    }

    /// <summary>The API host of opencode's built-in provider named before the model's <c>/</c>, or null.</summary>
    public static string? ProviderHost(string model) => model.Split('/')[0] switch
    {
        "anthropic" => "api.anthropic.com",
        "openai" => "api.openai.com",
        "google" => "generativelanguage.googleapis.com",
        _ => null,
    };

    /// <inheritdoc />
    public override CliLaunch Prepare(CliInvocation call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var argv = new List<string> { call.Program, "run", "--format", "json" };
        if (call.ResumeSession is { } session)
        {
            argv.AddRange(["--session", session]);
        }

        argv.AddRange(call.ExtraArgs);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OPENCODE_CONFIG_CONTENT"] = Config(call).ToJsonString(),
            ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
            ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
            ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
            ["OPENCODE_DISABLE_SHARE"] = "1",
            // It installs its plugin package with npm on a fresh home, whatever the config says; offline, that fails
            // at once instead of calling the registry (a warning only).
            ["npm_config_offline"] = "true",
        };
        return new CliLaunch(argv, environment, new Dictionary<string, string>());
    }

    private static JsonObject Config(CliInvocation call)
    {
        var bash = new JsonObject();
        foreach (var command in call.AllowedCommands)
        {
            bash[command] = "allow";
            bash[command + " *"] = "allow";
        }

        bash["*"] = "deny";
        var config = new JsonObject
        {
            ["autoupdate"] = false,
            ["share"] = "disabled",
            ["permission"] = new JsonObject { ["edit"] = "allow", ["bash"] = bash, ["webfetch"] = "deny" },
        };
        if (call.Endpoint is { } endpoint)
        {
            config["provider"] = new JsonObject
            {
                ["loopfn"] = new JsonObject
                {
                    ["npm"] = "@ai-sdk/openai-compatible",
                    ["name"] = "loopfn",
                    ["options"] = new JsonObject { ["baseURL"] = endpoint.ToString().TrimEnd('/'), ["apiKey"] = $"{{env:{call.ApiKeyEnv}}}" },
                    ["models"] = new JsonObject { [call.Model] = new JsonObject { ["name"] = call.Model } },
                },
            };
            config["model"] = $"loopfn/{call.Model}";
        }
        else
        {
            config["model"] = call.Model;
        }

        // Its session-title call would otherwise go to a small model of another provider, outside agent.network.
        config["small_model"] = config["model"]!.GetValue<string>();

        return config;
    }

    /// <inheritdoc />
    public override CliReport Read(string stdout, CliSession? previous)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var problems = new List<string>();
        var usageProblems = new List<string>();
        var tools = new List<string>();
        var texts = new List<string>();
        string? session = null;
        TokenUsage? usage = null;
        decimal? cost = null;
        foreach (var line in CliJson.Objects(stdout))
        {
            session = CliJson.Text(line, "sessionID") ?? session;
            var part = CliJson.Property(line, "part") ?? default;
            switch (CliJson.Text(line, "type"))
            {
                case "tool_use":
                    var tool = CliJson.Text(part, "tool") ?? "tool";
                    tools.Add(tool);
                    if (CliJson.Text(part, "state", "status") == "error")
                    {
                        problems.Add($"{tool} failed: {CliJson.Text(part, "state", "error") ?? "no detail"}");
                    }

                    break;
                case "text" when CliJson.Text(part, "text") is { } text:
                    texts.Add(text);
                    break;
                case "step_finish" when CliJson.Property(part, "tokens") is { } tokens:
                    usage = (usage ?? TokenUsage.Zero) + StepUsage(tokens, usageProblems);
                    cost = (cost ?? 0m) + (CliJson.Cost(part, usageProblems, "cost") ?? 0m);
                    break;
                case "error":
                    problems.Add($"opencode reported an error: {CliJson.Text(line, "error", "data", "message") ?? CliJson.Text(line, "error", "name") ?? "no detail"}");
                    break;
            }
        }

        // A cost of 0 from a provider with no prices in opencode's config is no figure at all.
        return new CliReport(texts.Count > 0 ? texts[^1] : null, usage, cost is > 0 ? cost : null, session, tools, problems)
        {
            UsageProblem = usageProblems.Count == 0 ? null : string.Join("; ", usageProblems),
        };
    }

    /// <summary>opencode's <c>input</c> leaves out the cache and its <c>output</c> the reasoning.</summary>
    private static TokenUsage StepUsage(JsonElement tokens, List<string> problems)
    {
        var input = CliJson.Tokens(tokens, problems, "input") ?? 0;
        var read = CliJson.Tokens(tokens, problems, "cache", "read") ?? 0;
        var written = CliJson.Tokens(tokens, problems, "cache", "write") ?? 0;
        var output = (CliJson.Tokens(tokens, problems, "output") ?? 0) + (CliJson.Tokens(tokens, problems, "reasoning") ?? 0);
        return new TokenUsage(input + read + written, output) { CachedInputTokens = read };
    }
}
