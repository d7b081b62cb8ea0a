using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Definitions;

/// <summary>
/// Prices a loop: its file's <c>prices:</c> over the host's table, and the check that a cost limit can hold. With
/// <c>limits.max_cost_usd</c> set, every model the loop may call (the agent's, each of <c>agent.models</c>, a model
/// reviewer's) must have a price, unless the loop says <c>limits.unpriced: tokens</c>; otherwise the budget would count
/// that model's spend as $0. A <c>command</c> agent without a model (<c>model: command</c>) prices itself: the cost it
/// reports counts, and its steps that report none are flagged unpriced. <c>loopfn validate</c>, the hosts' loop
/// catalogs and <see cref="Planning.LoopPlanner"/> all run this check with the host's table.
/// </summary>
public static class LoopPricing
{
    /// <summary>The table a run of <paramref name="definition"/> uses: <paramref name="host"/> with the file's
    /// <c>prices:</c> on top.</summary>
    public static PriceTable Table(LoopDefinition definition, PriceTable host)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(host);
        return host.With(definition.Prices);
    }

    /// <summary>The models the loop may call that have no price in <paramref name="host"/> nor in the file, each once,
    /// with the key that names it (<c>agent.model</c>, <c>agent.models</c>, <c>review.model</c>).</summary>
    public static IReadOnlyList<(string Model, string Key)> UnpricedModels(LoopDefinition definition, PriceTable host)
    {
        var table = Table(definition, host);
        return Models(definition)
            .Where(m => !table.IsKnown(m.Model))
            .DistinctBy(m => m.Model, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The loop's pricing problems, each at <c>limits.max_cost_usd</c>'s line: empty when it sets no cost
    /// limit, says <c>limits.unpriced: tokens</c>, or every model it may call has a price.</summary>
    public static IReadOnlyList<LoopDefinitionError> Problems(LoopDefinition definition, PriceTable host)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Limits.MaxCostUsd is null || definition.Limits.Unpriced == Plans.UnpricedModels.Tokens)
        {
            return [];
        }

        var (line, column) = definition.CostLimitAt;
        return UnpricedModels(definition, host)
            .Select(m => new LoopDefinitionError(definition.SourcePath, line, column,
                $"limits.max_cost_usd is set, but model '{m.Model}' ({m.Key}) has no price, so the budget would count its spend as $0. "
                + $"Add a price in this file (prices: {{ {m.Model}: {{ input: <USD per 1M>, output: <USD per 1M> }} }}) or in the host's settings "
                + $"({PriceSettings.Section}:{m.Model}:input and :output), or budget it by tokens with limits.unpriced: tokens and limits.max_tokens."))
            .ToList();
    }

    /// <exception cref="LoopDefinitionException">The loop has pricing <see cref="Problems"/>.</exception>
    public static void Check(LoopDefinition definition, PriceTable host)
    {
        var problems = Problems(definition, host);
        if (problems.Count > 0)
        {
            throw new LoopDefinitionException(problems);
        }
    }

    private static IEnumerable<(string Model, string Key)> Models(LoopDefinition definition)
    {
        var agent = definition.Agent;
        if (agent.Escalation is { } ladder)
        {
            foreach (var choice in ladder.Models)
            {
                yield return (choice.Model, "agent.models");
            }
        }
        else if (!(agent.Kind == "command" && agent.Model == "command"))
        {
            yield return (agent.Model, "agent.model");
        }

        foreach (var attempt in agent.Attempts)
        {
            if (attempt.Agent is { } own && !(own.Kind == "command" && own.Model == "command"))
            {
                yield return (own.Model, "agent.attempts");
            }
        }

        if (definition.Review is { Kind: ReviewKind.Llm, Model: { } reviewer })
        {
            yield return (reviewer, "review.model");
        }
    }
}
