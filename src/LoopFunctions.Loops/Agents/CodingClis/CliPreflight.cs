using System.Text.Json;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>What can be known about a coding-CLI agent before a run spends anything: the executable is there (and at
/// <c>agent.version</c>, when the loop names one), and its key variable is set. <c>loopfn validate</c> reports it,
/// <c>loopfn run</c> refuses to start without it, and the agent step refuses (without retrying) if it changed since.</summary>
public static class CliPreflight
{
    /// <summary>Every problem of <paramref name="agent"/>, each a sentence naming the fix; empty when it can run, and
    /// for agents that are not coding CLIs. The agents of its <c>agent.attempts</c> are checked too: an attempt on a
    /// CLI this host lacks would otherwise fail the run in its first iteration.</summary>
    public static IReadOnlyList<string> Problems(AgentPlan agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return [.. agent.Attempts.Select(a => a.Agent).OfType<AgentPlan>().Prepend(agent).SelectMany(AgentProblems).Distinct(StringComparer.Ordinal)];
    }

    private static IReadOnlyList<string> AgentProblems(AgentPlan agent)
    {
        if (CodingCliCatalog.Find(agent.Kind) is not { } cli)
        {
            return [];
        }

        var problems = new List<string>();
        var configured = agent.Command is [var program, ..] ? program : null;
        if (CliLocator.Find(cli, configured) is not { } found)
        {
            problems.Add(CliLocator.WhyMissing(cli, configured));
        }
        else if (agent.Version is { } wanted && InstalledVersion(cli, found) is var installed && installed != wanted)
        {
            problems.Add($"agent.version is {wanted}, but {found} is {cli.DisplayName} {installed ?? "of an unknown version"}. Install it with `npm install -g {cli.NpmPackage}@{wanted}`, or change agent.version.");
        }

        var key = agent.ApiKeySetting ?? cli.DefaultApiKeyEnv;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)))
        {
            problems.Add($"{cli.DisplayName} needs its API key in the environment variable {key} (agent.api_key_env), which is not set; for a local model server any value will do.");
        }

        return problems;
    }

    /// <summary>The version in the package.json of the npm package the executable belongs to, or null.</summary>
    public static string? InstalledVersion(CodingCli cli, string executable)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(executable);
        for (var folder = Path.GetDirectoryName(CliLocator.RealPath(executable)); folder is { Length: > 1 }; folder = Path.GetDirectoryName(folder))
        {
            var manifest = Path.Combine(folder, "package.json");
            if (!File.Exists(manifest))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(manifest));
                var root = document.RootElement;
                if (root.TryGetProperty("name", out var name) && name.GetString() == cli.NpmPackage && root.TryGetProperty("version", out var version))
                {
                    return version.GetString();
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }
}
