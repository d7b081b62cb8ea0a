using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Cli;
using LoopFunctions.Loops.Agents.CodingClis;
using LoopFunctions.Loops.Agents.OpenAi;
using LoopFunctions.Loops.Plans;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Agents;

/// <summary>Creates the agent a plan names. Keys are read from the environment here, at run time, so they are never
/// part of a plan, a history or a log.</summary>
public class AgentFactory(IOptions<LoopRunnerOptions> options)
{
    /// <exception cref="AgentException">The plan's agent cannot be created (unknown kind, missing key).</exception>
    public virtual ICodingAgent Create(AgentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Kind switch
        {
            "command" => new CommandAgent(new CommandAgentOptions([.. (plan.Command ?? []).Select(a => a.Replace("{model}", plan.Model, StringComparison.Ordinal))], plan.Timeout, null)),
            _ when CodingCliCatalog.Find(plan.Kind) is { } cli => new CliAgent(cli, new CliAgentOptions(
                plan.Command is [var program, ..] ? program : cli.Executable,
                plan.Model,
                plan.Endpoint is null ? null : new Uri(plan.Endpoint),
                plan.ApiKeySetting ?? cli.DefaultApiKeyEnv,
                plan.MaxTurns,
                plan.ExtraArgs,
                plan.Resume,
                plan.Timeout)),
            "openai" => new OpenAiAgent(OpenAiOptions(plan.Endpoint, plan.IsAzure, plan.ApiKeySetting, plan.Model, plan.Temperature, plan.MaxOutputTokens, plan.MaxToolCalls), options.Value.Prices),
            _ => throw new AgentException($"unknown agent kind '{plan.Kind}'"),
        };
    }

    internal static OpenAiAgentOptions OpenAiOptions(string? endpoint, bool isAzure, string? apiKeySetting, string model, double? temperature, int maxOutputTokens, int maxToolCalls)
    {
        var setting = apiKeySetting ?? "OPENAI_API_KEY";
        var key = Environment.GetEnvironmentVariable(setting);
        if (string.IsNullOrEmpty(key))
        {
            throw new AgentException($"the environment variable {setting} that should hold the API key for model '{model}' is not set");
        }

        // OPENAI_BASE_URL, as the OpenAI SDKs read it, points a loop without an endpoint at a compatible server.
        endpoint ??= isAzure ? Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT") : Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        return new OpenAiAgentOptions(string.IsNullOrEmpty(endpoint) ? null : new Uri(endpoint), key, model, isAzure, (float?)temperature, maxOutputTokens, maxToolCalls);
    }
}
