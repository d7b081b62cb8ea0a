using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Plans;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads what <c>agent:</c> says beyond the shared keys: the coding-CLI settings (<c>max_turns</c>,
/// <c>extra_args</c>, <c>version</c>, <c>resume</c>) and <c>network</c>, which is true, false or a host list.</summary>
internal static class CodingCliParser
{
    /// <summary>The keys only a coding CLI takes.</summary>
    public static readonly string[] Keys = ["max_turns", "extra_args", "version", "resume"];

    /// <summary>The CLI's defaults and settings applied to <paramref name="plan"/>; for other kinds, only the keys'
    /// absence is checked.</summary>
    public static AgentPlan Apply(AgentPlan plan, YamlSection agent, CodingCli? cli)
    {
        var (network, hosts) = Network(agent);
        if (cli is null)
        {
            foreach (var key in Keys.Where(k => agent.Get(k) is not null))
            {
                agent.Error(key, $"'agent.{key}' applies to the coding CLIs (kind claude, codex, gemini or opencode), not to kind {plan.Kind}");
            }

            return plan with { Network = network ?? false, NetworkHosts = hosts };
        }

        var command = plan.Command;
        if (command is { Count: > 1 })
        {
            agent.Error("command", $"'agent.command' of kind {cli.Kind} names the {cli.DisplayName} executable only; put extra arguments in agent.extra_args");
        }

        var maxTurns = agent.Get("max_turns") is null ? (int?)null : agent.Int("max_turns", 0, 1, 10_000);
        if (maxTurns is not null && !cli.HasMaxTurns)
        {
            agent.Error("max_turns", $"{cli.DisplayName} has no turn limit; 'agent.max_turns' applies to kind claude");
        }

        var endpoint = plan.Endpoint is { } e && Uri.TryCreate(e, UriKind.Absolute, out var uri) ? uri : null;
        var model = plan.Model.Length > 0 ? plan.Model : cli.DefaultModel;
        if (cli is OpenCodeCli && endpoint is null && OpenCodeCli.ProviderHost(model) is null && !model.Contains('/', StringComparison.Ordinal))
        {
            agent.Error("model", $"'agent.model' of kind opencode without an endpoint is opencode's provider/model, e.g. anthropic/claude-sonnet-4-5, not '{model}'");
        }

        if (network is null && hosts.Count == 0)
        {
            // The model API is the only way out a coding CLI needs.
            var host = endpoint is not null ? $"{endpoint.Host}:{endpoint.Port}" : cli is OpenCodeCli ? OpenCodeCli.ProviderHost(model) : cli.DefaultApiHost;
            hosts = host is null ? [] : [host];
        }

        return plan with
        {
            Model = model,
            ApiKeySetting = plan.ApiKeySetting ?? DefaultKey(cli, model, endpoint),
            Network = network ?? false,
            NetworkHosts = hosts,
            MaxTurns = maxTurns,
            ExtraArgs = agent.List("extra_args") ?? [],
            Version = agent.String("version"),
            Resume = agent.Bool("resume", true),
        };
    }

    private static string DefaultKey(CodingCli cli, string model, Uri? endpoint) => cli is OpenCodeCli
        ? endpoint is not null ? "OPENAI_API_KEY" : model.Split('/')[0] switch
        {
            "openai" => "OPENAI_API_KEY",
            "google" => "GOOGLE_GENERATIVE_AI_API_KEY",
            _ => "ANTHROPIC_API_KEY",
        }
        : cli.DefaultApiKeyEnv;

    /// <summary><c>network: true|false</c> (null when absent), or a list of allowed hosts.</summary>
    /// <param name="agent">The section with the key (an agent, a check, the workspace).</param>
    /// <param name="qualified">The key's name in messages.</param>
    internal static (bool? Network, IReadOnlyList<string> Hosts) Network(YamlSection agent, string qualified = "agent.network")
    {
        var key = qualified[(qualified.LastIndexOf('.') + 1)..];
        switch (agent.Get(key))
        {
            case null:
                return (null, []);
            case YamlSequenceNode:
                var hosts = agent.List(key) ?? [];
                foreach (var host in hosts.Where(h => HostProblem(h) is not null))
                {
                    agent.Error(key, $"'{qualified}' lists '{host}': {HostProblem(host)}");
                }

                if (hosts.Count == 0)
                {
                    agent.Error(key, $"'{qualified}' is an empty list; write {key}: false for no network");
                }

                return (false, hosts);
            default:
                return (agent.Bool(key, false), []);
        }
    }

    /// <summary>Why an allow-list entry is not <c>host</c>, <c>host:port</c> or <c>*.domain[:port]</c>; null when it is.</summary>
    internal static string? HostProblem(string entry)
    {
        var colon = entry.LastIndexOf(':');
        var host = colon < 0 ? entry : entry[..colon];
        if (colon >= 0 && (!int.TryParse(entry[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535))
        {
            return "the port must be a number from 1 to 65535";
        }

        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return name.Length == 0 || name.Length > 253 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') || name.StartsWith('.') || name.EndsWith('.')
            ? "give a host name or IP address, optionally with :port, or *.domain for its subdomains"
            : null;
    }
}
