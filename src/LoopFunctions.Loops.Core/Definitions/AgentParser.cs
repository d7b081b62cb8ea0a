using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>agent:</c>: a <c>command</c> agent (any external CLI), an <c>openai</c> tool agent, or a coding
/// CLI whose command line loopfn builds (<c>claude</c>, <c>codex</c>, <c>gemini</c>, <c>opencode</c>).</summary>
internal static class AgentParser
{
    public static readonly string[] Keys = ["kind", "command", "model", "endpoint", "azure", "api_key_env", "temperature", "max_output_tokens", "max_tool_calls", "timeout", "sandbox", "network", "read_paths", "write_paths", "env", "models", "escalate", .. CodingCliParser.Keys];

    public static AgentPlan? Parse(YamlSection? agent, YamlSection top, int stallAfter)
    {
        if (agent is null)
        {
            top.Error("agent", "'agent' is required: kind claude, codex, gemini or opencode (a coding CLI), command (with command: [...]) or openai (with model: ...)");
            return null;
        }

        var kind = agent.String("kind", required: true);
        var cli = CodingCliCatalog.Find(kind);
        var command = agent.List("command");
        var model = agent.String("model");
        var escalation = Escalation(agent, model, stallAfter);
        model ??= escalation?.Models[0].Model;
        if (kind == "command" && command is not { Count: > 0 })
        {
            agent.Error("kind", "'agent.command' is required for a command agent: the CLI's argv, e.g. [my-agent, --prompt-file, '{prompt_file}']");
        }
        else if (kind == "openai" && model is null)
        {
            agent.Error("kind", "'agent.model' is required for an openai agent (the model, or the deployment on Azure)");
        }
        else if (kind is not null and not ("command" or "openai") && cli is null)
        {
            agent.Error("kind", $"'agent.kind' must be claude, codex, gemini, opencode, command or openai, not '{kind}'");
        }

        var azure = agent.Bool("azure", false);
        var endpoint = agent.String("endpoint");
        // Without an endpoint an Azure agent takes AZURE_OPENAI_ENDPOINT when it runs (the preflight checks it is set).
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            agent.Error("endpoint", $"'agent.endpoint' must be an absolute URL, not '{endpoint}'");
        }

        var sandboxText = agent.String("sandbox");
        var sandbox = sandboxText is null ? SandboxMode.Bwrap : EnumText.Parse<SandboxMode>(sandboxText);
        if (sandbox is null)
        {
            agent.Error("sandbox", $"'agent.sandbox' must be bwrap or none, not '{sandboxText}'");
        }

        var readPaths = HostPaths(agent, "read_paths");
        var writePaths = HostPaths(agent, "write_paths");
        var environment = agent.List("env") ?? [];
        foreach (var name in environment.Where(n => !EnvironmentNames.IsValid(n)))
        {
            agent.Error("env", $"'agent.env' lists '{name}', which is not an environment variable name");
        }

        var plan = new AgentPlan(
            kind ?? "command",
            command,
            model ?? (kind == "command" ? "command" : ""),
            endpoint,
            azure,
            agent.String("api_key_env") ?? (kind == "openai" ? (azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY") : null),
            agent.Double("temperature", 0, 2),
            agent.Int("max_output_tokens", 4096, 1, 1_000_000),
            agent.Int("max_tool_calls", 50, 1, 10_000),
            agent.Duration("timeout", DurationParser.MaxTimeout) ?? TimeSpan.FromMinutes(20),
            [],
            0m,
            0m)
        {
            Sandbox = sandbox ?? SandboxMode.Bwrap,
            ReadPaths = readPaths,
            WritePaths = writePaths,
            Environment = environment,
            Escalation = escalation,
        };
        return CodingCliParser.Apply(plan, agent, cli);
    }

    /// <summary><c>agent.models</c> (cheapest first) and <c>agent.escalate</c>; null for one model.</summary>
    private static EscalationPlan? Escalation(YamlSection agent, string? model, int stallAfter)
    {
        var models = agent.List("models");
        var escalate = agent.Map("escalate", "after_stalled", "at_budget_share");
        if (models is null)
        {
            if (escalate is not null)
            {
                agent.Error("escalate", "'agent.escalate' needs 'agent.models', the models to move through, cheapest first");
            }

            return null;
        }

        if (model is not null)
        {
            agent.Error("models", "'agent' has either model (one model) or models (a ladder, cheapest first), not both");
        }

        if (models.Count < 2 || models.Distinct(StringComparer.OrdinalIgnoreCase).Count() != models.Count)
        {
            agent.Error("models", "'agent.models' lists two or more distinct models, cheapest first, e.g. [gpt-4.1-mini, gpt-4.1]");
        }

        // By default a model is given up on exactly when the loop would otherwise stall.
        var defaultStalled = stallAfter > 0 ? stallAfter : 3;
        var afterStalled = escalate?.Int("after_stalled", defaultStalled, 1, 1000) ?? defaultStalled;
        if (stallAfter > 0 && afterStalled > stallAfter)
        {
            escalate!.Error("after_stalled", $"'agent.escalate.after_stalled' ({afterStalled}) is more than limits.stall_after ({stallAfter}): the loop would stall before it escalates");
        }

        var share = escalate?.Double("at_budget_share", 0, 1);
        if (share is 0)
        {
            escalate!.Error("at_budget_share", "'agent.escalate.at_budget_share' must be more than 0");
        }

        return new EscalationPlan(models.Select(m => new ModelChoice(m)).ToList(), afterStalled, share);
    }

    /// <summary>Host paths for the sandbox: absolute, or under the home (<c>~/</c>).</summary>
    private static IReadOnlyList<string> HostPaths(YamlSection agent, string key)
    {
        var paths = agent.List(key) ?? [];
        foreach (var path in paths.Where(p => !p.StartsWith('/') && !p.StartsWith("~/", StringComparison.Ordinal)))
        {
            agent.Error(key, $"'agent.{key}' lists '{path}'; give an absolute path or one under ~/");
        }

        return paths;
    }
}
