using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>agent:</c>: a <c>command</c> agent (any external CLI), an <c>openai</c> tool agent, or a coding
/// CLI whose command line loopfn builds (<c>claude</c>, <c>codex</c>, <c>gemini</c>, <c>opencode</c>).</summary>
internal static class AgentParser
{
    public static readonly string[] Keys = ["kind", "command", "model", "endpoint", "azure", "api_key_env", "temperature", "max_output_tokens", "max_tool_calls", "timeout", "sandbox", "network", "read_paths", "write_paths", "env", "models", "escalate", "attempts", .. CodingCliParser.Keys];

    /// <summary>The most attempts an iteration may run in parallel.</summary>
    public const int MaxAttempts = 10;

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

        var raw = new AgentPlan(
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
        var plan = CodingCliParser.Apply(raw, agent, cli);
        var attempts = Attempts(agent, escalation, (attemptKind, attemptModel) =>
        {
            // The file's agent with another kind or model: everything else as written, the kind's defaults (its CLI's
            // model, key variable and network) worked out again as if the file had said that kind.
            var of = attemptKind ?? raw.Kind;
            var overlay = raw with
            {
                Kind = of,
                Model = attemptModel ?? (attemptKind is null ? raw.Model : of == "command" ? "command" : ""),
                ApiKeySetting = agent.String("api_key_env") ?? (of == "openai" ? (azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY") : null),
            };
            return CodingCliParser.Apply(overlay, agent, CodingCliCatalog.Find(of));
        });
        return plan with { Attempts = attempts };
    }

    /// <summary><c>agent.attempts</c>: a count (copies of the agent), or a list of partial agents (<c>model</c>,
    /// <c>kind</c>, <c>prompt</c>) overlaid on it. Empty for one attempt.</summary>
    /// <param name="agent">The <c>agent:</c> section.</param>
    /// <param name="escalation">The model ladder, which the list form cannot have.</param>
    /// <param name="overlay">The agent with an attempt's kind and model (either may be null).</param>
    private static IReadOnlyList<AttemptPlan> Attempts(YamlSection agent, EscalationPlan? escalation, Func<string?, string?, AgentPlan> overlay)
    {
        switch (agent.Get("attempts"))
        {
            case null:
                return [];
            case YamlDotNet.RepresentationModel.YamlSequenceNode list:
                if (escalation is not null)
                {
                    agent.Error("attempts", "'agent.attempts' as a list names each attempt's agent, so it cannot be combined with agent.models (a ladder); give a count (attempts: 3) to run attempts on the ladder's model");
                }

                if (list.Children.Count is < 1 or > MaxAttempts)
                {
                    agent.Error("attempts", $"'agent.attempts' lists 1 to {MaxAttempts} attempts, not {list.Children.Count}");
                }

                return [.. list.Children.Select((item, i) => Attempt(agent, item, i + 1, overlay)).OfType<AttemptPlan>()];
            default:
                var count = agent.Int("attempts", 1, 1, MaxAttempts);
                return count == 1 ? [] : [.. Enumerable.Range(0, count).Select(_ => new AttemptPlan())];
        }
    }

    /// <summary>One entry of the list form; null after an error.</summary>
    private static AttemptPlan? Attempt(YamlSection agent, YamlDotNet.RepresentationModel.YamlNode item, int number, Func<string?, string?, AgentPlan> overlay)
    {
        if (item is not YamlDotNet.RepresentationModel.YamlMappingNode)
        {
            agent.Errors.Add(item, $"'agent.attempts' entry {number} must be a mapping with model, kind and/or prompt, e.g. - {{ model: gpt-4.1 }}");
            return null;
        }

        var entry = new YamlSection(agent.Errors, (YamlDotNet.RepresentationModel.YamlMappingNode)item, $"agent.attempts[{number}]", "model", "kind", "prompt");
        var kind = entry.String("kind");
        var model = entry.String("model");
        var prompt = entry.String("prompt");
        if (kind is not null && kind is not ("command" or "openai") && CodingCliCatalog.Find(kind) is null)
        {
            entry.Error("kind", $"'agent.attempts[{number}].kind' must be claude, codex, gemini, opencode, command or openai, not '{kind}'");
            return null;
        }

        if (kind == "command" && agent.List("command") is not { Count: > 0 })
        {
            entry.Error("kind", $"'agent.attempts[{number}].kind' is command, but 'agent.command' gives no argv for it");
        }
        else if (kind == "openai" && model is null)
        {
            entry.Error("kind", $"'agent.attempts[{number}]' of kind openai needs a model");
        }

        if (prompt is { Length: 0 })
        {
            entry.Error("prompt", $"'agent.attempts[{number}].prompt' is empty; leave it out for none");
        }

        return new AttemptPlan(kind is null && model is null ? null : overlay(kind, model), prompt);
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
