using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>agent:</c> — a <c>command</c> agent (an external CLI) or an <c>openai</c> tool agent.</summary>
internal static class AgentParser
{
    public static readonly string[] Keys = ["kind", "command", "model", "endpoint", "azure", "api_key_env", "temperature", "max_output_tokens", "max_tool_calls", "timeout", "sandbox", "network", "read_paths", "write_paths", "env"];

    public static AgentPlan? Parse(YamlSection? agent, YamlSection top)
    {
        if (agent is null)
        {
            top.Error("agent", "'agent' is required: kind command (with command: [...]) or kind openai (with model: ...)");
            return null;
        }

        var kind = agent.String("kind", required: true);
        var command = agent.List("command");
        var model = agent.String("model");
        if (kind == "command" && command is not { Count: > 0 })
        {
            agent.Error("kind", "'agent.command' is required for a command agent: the CLI's argv, e.g. [my-agent, --prompt-file, '{prompt_file}']");
        }
        else if (kind == "openai" && model is null)
        {
            agent.Error("kind", "'agent.model' is required for an openai agent (the model, or the deployment on Azure)");
        }
        else if (kind is not null and not ("command" or "openai"))
        {
            agent.Error("kind", $"'agent.kind' must be command or openai, not '{kind}'");
        }

        var azure = agent.Bool("azure", false);
        var endpoint = agent.String("endpoint");
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            agent.Error("endpoint", $"'agent.endpoint' must be an absolute URL, not '{endpoint}'");
        }
        else if (azure && endpoint is null)
        {
            agent.Error("azure", "'agent.endpoint' is required for an Azure OpenAI agent");
        }

        var sandbox = agent.String("sandbox") ?? "bwrap";
        if (sandbox is not ("bwrap" or "none"))
        {
            agent.Error("sandbox", $"'agent.sandbox' must be bwrap or none, not '{sandbox}'");
        }

        var readPaths = HostPaths(agent, "read_paths");
        var writePaths = HostPaths(agent, "write_paths");
        var environment = agent.List("env") ?? [];
        foreach (var name in environment.Where(n => !Agents.Processes.ChildEnvironment.IsValidName(n)))
        {
            agent.Error("env", $"'agent.env' lists '{name}', which is not an environment variable name");
        }

        return new AgentPlan(
            kind ?? "command",
            command,
            model ?? (kind == "command" ? "command" : ""),
            endpoint,
            azure,
            agent.String("api_key_env") ?? (kind == "openai" ? (azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY") : null),
            agent.Double("temperature", 0, 2),
            agent.Int("max_output_tokens", 4096, 1, 1_000_000),
            agent.Int("max_tool_calls", 50, 1, 10_000),
            agent.Duration("timeout") ?? TimeSpan.FromMinutes(20),
            [],
            0m,
            0m)
        {
            Sandbox = sandbox,
            Network = agent.Bool("network", false),
            ReadPaths = readPaths,
            WritePaths = writePaths,
            Environment = environment,
        };
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
