using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Reads <c>review</c>: the reviewer of a pull-request loop, a model (by default the judge's) or a command.</summary>
internal static class ReviewParser
{
    public static readonly string[] Keys = ["command", "model", "endpoint", "azure", "api_key_env", "instructions", "max_findings", "timeout", "env"];

    /// <param name="section">The <c>review</c> mapping, or null.</param>
    /// <param name="onHead">Whether the loop works on a pull request's head (<c>workspace.branch: head</c>).</param>
    /// <param name="judge">The loop's judge check, whose model a model reviewer defaults to.</param>
    /// <param name="agent">The loop's agent, the last default.</param>
    public static ReviewPlan? Parse(YamlSection? section, bool onHead, CheckPlan? judge, AgentPlan? agent)
    {
        if (section is null)
        {
            return null;
        }

        if (!onHead)
        {
            section.Error("command", "'review' reads a pull request's diff; it needs workspace.branch: head");
        }

        var command = section.List("command");
        var model = section.String("model");
        if (command is { Count: > 0 } && model is not null)
        {
            section.Error("model", "'review' has either a command or a model, not both");
        }

        var environment = section.List("env") ?? [];
        foreach (var name in environment.Where(n => !EnvironmentNames.IsValid(n)))
        {
            section.Error("env", $"'review.env' lists '{name}', which is not an environment variable name");
        }

        var timeout = section.Duration("timeout", DurationParser.MaxTimeout) ?? TimeSpan.FromMinutes(10);
        var maxFindings = section.Int("max_findings", 20, 1, 200);
        var instructions = section.String("instructions");
        if (command is { Count: > 0 })
        {
            return new ReviewPlan(ReviewKind.Command, command, null, null, false, null, instructions, maxFindings, timeout, environment);
        }

        // The judge's model, else the agent's (its first model when it escalates).
        var useAgent = agent is { Kind: "openai" };
        model ??= judge?.Model ?? (useAgent ? agent!.Model : null);
        if (model is null)
        {
            section.Error("model", "'review' needs a model (review.model, a judge check's model, or an openai agent) or a command");
        }

        var azure = section.Bool("azure", useAgent && agent!.IsAzure);
        var endpoint = section.String("endpoint") ?? judge?.Endpoint ?? (useAgent ? agent!.Endpoint : null);
        var key = section.String("api_key_env") ?? judge?.ApiKeySetting ?? (useAgent ? agent!.ApiKeySetting : null) ?? (azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY");
        return new ReviewPlan(ReviewKind.Llm, null, model, endpoint, azure, key, instructions, maxFindings, timeout, []);
    }
}
